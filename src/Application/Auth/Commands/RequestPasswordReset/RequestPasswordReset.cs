using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.RequestPasswordReset;

/// <summary>
/// Better Auth's <c>request-password-reset</c>. Answers the same way whether or not the address has an account here,
/// and does the same work: one lookup, one count, one message queued (a reset link, or a note that there is no account
/// with this address), one save. At most <see cref="RequestPasswordResetHandler.PerAddressPerHour"/> messages per address and hour, so nobody can
/// flood a mailbox; further requests are answered the same way and send nothing.
/// </summary>
public sealed record RequestPasswordResetCommand(string Email, string? RedirectTo) : ICommand
{
    public override string ToString() => $"{nameof(RequestPasswordResetCommand)}";
}

public sealed class RequestPasswordResetHandler(
    IApplicationDbContext db,
    ILookupNormalizer normalizer,
    ICurrentTenant currentTenant,
    IAppLinks links,
    TimeProvider clock,
    ILogger<RequestPasswordResetHandler> logger,
    Sso.SsoEnforcement sso) : ICommandHandler<RequestPasswordResetCommand>
{
    public const int PerAddressPerHour = 3;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public async ValueTask<Unit> Handle(RequestPasswordResetCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email.Trim();

        // Decided by the address's domain alone, before any lookup: the same answer for every address there (the
        // break-glass account included, so it cannot be told apart), and no e-mail is sent.
        await sso.ThrowIfRequiredAsync(email, null, cancellationToken);
        var normalized = normalizer.NormalizeEmail(email);
        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromHours(1);
        var tenant = currentTenant.Tenant;
        var workspace = tenant?.Name ?? "TenantSessions";
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);

        // Both branches: one count, one token row, one message. For an unknown address the row is only a record of
        // the request (no account, cancelled at once), so the work and the per-address limit are the same.
        var recent = user is not null
            ? await db.AccountTokens.CountAsync(t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.PasswordReset && t.CreatedAt > since, cancellationToken)
            : await db.AccountTokens.CountAsync(t => t.UserId == null && t.Email == normalized && t.Purpose == AccountTokenPurpose.PasswordReset && t.CreatedAt > since, cancellationToken);
        if (recent >= PerAddressPerHour)
        {
            logger.LogWarning("Password reset e-mail not sent: {Count} for this address in the last hour", recent);
            return Unit.Value;
        }

        if (user is not null)
        {
            var (token, secret) = AccountTokens.Create(AccountTokenPurpose.PasswordReset, tenant?.Id, user.Id, user.Email ?? email, now, Lifetime);
            db.AccountTokens.Add(token);
            db.EmailOutbox.Add(AccountEmails.PasswordReset(tenant?.Id, workspace, user.Email ?? email, Link(tenant?.Slug, secret, command.RedirectTo), now, Lifetime));
            logger.LogInformation("Password reset requested for user {UserId}", user.Id);
        }
        else
        {
            var (record, _) = AccountTokens.Create(AccountTokenPurpose.PasswordReset, tenant?.Id, null, normalized, now, Lifetime);
            record.Cancel(now);
            db.AccountTokens.Add(record);
            db.EmailOutbox.Add(AccountEmails.PasswordResetNoAccount(tenant?.Id, workspace, email, now));
            logger.LogInformation("Password reset requested for an address with no account");
        }

        return Unit.Value;
    }

    /// <summary>
    /// Better Auth's link shape: <c>/api/auth/reset-password/{token}?callbackURL=…</c>, which sends the browser on to the
    /// callback (a path of this site only) with <c>?token=</c>.
    /// </summary>
    private string Link(string? slug, string secret, string? redirectTo)
    {
        var callback = Uri.EscapeDataString(SafeLocalPath(redirectTo) ?? "/reset-password");
        var path = $"/api/auth/reset-password/{secret}?callbackURL={callback}";
        return slug is null ? links.Platform(path) : links.Tenant(slug, path);
    }

    /// <summary>A path on this site (<c>/x</c>), never another origin (<c>//evil</c>, <c>/\evil</c>, <c>https://…</c>).</summary>
    public static string? SafeLocalPath(string? value) =>
        value is { Length: > 1 and <= 500 } v && v[0] == '/' && v[1] != '/' && v[1] != '\\' && !v.Any(char.IsControl) ? v
        : value == "/" ? "/" : null;
}
