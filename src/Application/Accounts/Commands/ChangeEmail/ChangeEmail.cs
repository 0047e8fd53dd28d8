using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Commands.RequestPasswordReset;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Accounts.Commands.ChangeEmail;

/// <summary>
/// Better Auth's <c>change-email</c> (ADR-030): a signed-in person with a fresh session asks to move their account to
/// <paramref name="NewEmail"/>. Nothing changes yet: a single-use link goes to the new address. The answer and the
/// work are the same whether or not another account of the workspace already uses the address (one count, one token
/// row, one message; for a taken address the row is a cancelled record and the message goes to that account's owner).
/// Refused while an administrator acts as the person (fresh-session commands are), and for an account linked to an
/// identity provider, whose address is the provider's.
/// </summary>
[Authorize]
public sealed record RequestEmailChangeCommand(string NewEmail, string? CallbackUrl) : ICommand, IRequireFreshSession
{
    public override string ToString() => nameof(RequestEmailChangeCommand);
}

/// <summary>Uses the link sent to the new address: the account takes it, and the old address gets a one-click undo. Returns where to go next.</summary>
public sealed record ConfirmEmailChangeCommand(string Token) : ICommand<string>
{
    public override string ToString() => nameof(ConfirmEmailChangeCommand);
}

/// <summary>"This wasn't me" from the old address: puts it back and ends every session of the account. Returns how many ended.</summary>
public sealed record UndoEmailChangeCommand(string Token) : ICommand<int>
{
    public override string ToString() => nameof(UndoEmailChangeCommand);
}

/// <summary>What a link's page shows before its button is pressed: the address it moves the account to (confirm) or puts back (undo). Changes nothing.</summary>
public sealed record GetEmailChangeLinkQuery(string Token, bool Undo) : IQuery<EmailChangeLink>
{
    public override string ToString() => nameof(GetEmailChangeLinkQuery);
}

public sealed record EmailChangeLink(string From, string To);

public static class EmailChanges
{
    public const int PerAccountPerHour = 3;

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    /// <summary>The old address can undo for a week: people read old mailboxes late.</summary>
    public static readonly TimeSpan UndoLifetime = TimeSpan.FromDays(7);

    public const string SsoManagedCode = "EMAIL_MANAGED_BY_IDENTITY_PROVIDER";

    public const string SameEmailCode = "EMAIL_IS_THE_SAME";

    public const string TakenSinceCode = "EMAIL_TAKEN";

    public static string Link(IAppLinks links, string? slug, string path) => slug is null ? links.Platform(path) : links.Tenant(slug, path);
}

public sealed class RequestEmailChangeHandler(
    IApplicationDbContext db,
    UserManager<ApplicationUser> users,
    ILookupNormalizer normalizer,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionStore store,
    IAppLinks links,
    TimeProvider clock,
    ILogger<RequestEmailChangeHandler> logger) : ICommandHandler<RequestEmailChangeCommand>
{
    public async ValueTask<Unit> Handle(RequestEmailChangeCommand command, CancellationToken cancellationToken)
    {
        var email = command.NewEmail?.Trim() ?? "";
        if (!EmailAddresses.IsValid(email))
        {
            throw new ValidationException("newEmail", "Enter a valid e-mail address.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == current.UserId, cancellationToken)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        var normalized = normalizer.NormalizeEmail(email);
        if (normalized == user.NormalizedEmail)
        {
            throw new RefusalException(EmailChanges.SameEmailCode, "This is already your e-mail address.");
        }

        if ((await users.GetLoginsAsync(user)) is { Count: > 0 } logins)
        {
            throw new RefusalException(
                EmailChanges.SsoManagedCode,
                $"Your e-mail address comes from your identity provider ({logins[0].ProviderDisplayName ?? "single sign-on"}): change it there, and it follows the next time you sign in.");
        }

        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromHours(1);
        var recent = await db.AccountTokens.CountAsync(t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.EmailChange && t.CreatedAt > since, cancellationToken);
        if (recent >= EmailChanges.PerAccountPerHour)
        {
            logger.LogWarning("E-mail change link not sent: {Count} for this account in the last hour", recent);
            return Unit.Value;
        }

        var tenant = currentTenant.Tenant;
        var workspace = tenant?.Name ?? "TenantSessions";
        var owner = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var (token, secret) = AccountTokens.Create(AccountTokenPurpose.EmailChange, tenant?.Id, user.Id, email, now, EmailChanges.LinkLifetime);
        db.AccountTokens.Add(token);
        if (owner is null)
        {
            token.Payload = RequestPasswordResetHandler.SafeLocalPath(command.CallbackUrl);
            var link = EmailChanges.Link(links, tenant?.Slug, $"/confirm-email-change?token={Uri.EscapeDataString(secret)}");
            db.EmailOutbox.Add(AccountEmails.EmailChange(tenant?.Id, workspace, email, link, now, EmailChanges.LinkLifetime));
        }
        else
        {
            // Taken: the same row (cancelled at once, a record of the attempt) and one message, to the address's owner.
            token.Cancel(now);
            db.EmailOutbox.Add(AccountEmails.EmailChangeTaken(tenant?.Id, workspace, owner.Email ?? email, now));
        }

        store.Record(AuditActions.EmailChangeRequested, user.TenantId, user.Id, null);
        logger.LogInformation("User {UserId} asked to change their e-mail address", user.Id);
        return Unit.Value;
    }
}

public sealed class ConfirmEmailChangeHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    ILookupNormalizer normalizer,
    ICurrentTenant currentTenant,
    ISessionStore store,
    IAppLinks links,
    TimeProvider clock,
    ILogger<ConfirmEmailChangeHandler> logger) : ICommandHandler<ConfirmEmailChangeCommand, string>
{
    public async ValueTask<string> Handle(ConfirmEmailChangeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = await db.FindUsableAsync(AccountTokenPurpose.EmailChange, command.Token, now, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId && u.DeletedAt == null, cancellationToken) ?? throw AccountTokens.Invalid();
        var normalized = normalizer.NormalizeEmail(token.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id, cancellationToken))
        {
            throw new RefusalException(EmailChanges.TakenSinceCode, "Another account of this workspace uses this address now, so yours cannot move to it.");
        }

        await db.ConsumeAsync(unitOfWork, token, now, cancellationToken);
        await db.AccountTokens
            .Where(t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.EmailChange && t.UsedAt == null && t.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelledAt, now), cancellationToken);

        var oldEmail = user.Email ?? "";
        SetEmail(user, token.Email, normalizer);
        store.UserChanged(user.Id);
        store.Record(AuditActions.EmailChanged, user.TenantId, user.Id, null, actorUserId: user.Id);

        var tenant = currentTenant.Tenant;
        if (oldEmail.Length > 0)
        {
            var (undo, secret) = AccountTokens.Create(AccountTokenPurpose.EmailChangeUndo, tenant?.Id, user.Id, oldEmail, now, EmailChanges.UndoLifetime);
            undo.Payload = token.Email;
            db.AccountTokens.Add(undo);
            var link = EmailChanges.Link(links, tenant?.Slug, $"/undo-email-change?token={Uri.EscapeDataString(secret)}");
            db.EmailOutbox.Add(AccountEmails.EmailChanged(tenant?.Id, tenant?.Name ?? "TenantSessions", oldEmail, token.Email, link, now, EmailChanges.UndoLifetime));
        }

        logger.LogInformation("User {UserId} changed their e-mail address", user.Id);
        return token.Payload ?? "/account/profile?email=changed";
    }

    /// <summary>The address is also the user name (<see cref="ApplicationUser.Create"/>); a new security stamp, since sign-in facts changed.</summary>
    internal static void SetEmail(ApplicationUser user, string email, ILookupNormalizer normalizer)
    {
        user.Email = email;
        user.NormalizedEmail = normalizer.NormalizeEmail(email);
        user.UserName = email;
        user.NormalizedUserName = normalizer.NormalizeName(email);
        user.EmailConfirmed = true;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
    }
}

public sealed class UndoEmailChangeHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    ILookupNormalizer normalizer,
    ISessionStore store,
    TimeProvider clock,
    ILogger<UndoEmailChangeHandler> logger) : ICommandHandler<UndoEmailChangeCommand, int>
{
    public async ValueTask<int> Handle(UndoEmailChangeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = await db.FindUsableAsync(AccountTokenPurpose.EmailChangeUndo, command.Token, now, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId && u.DeletedAt == null, cancellationToken) ?? throw AccountTokens.Invalid();
        var normalized = normalizer.NormalizeEmail(token.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id, cancellationToken))
        {
            throw new RefusalException(EmailChanges.TakenSinceCode, "Another account of this workspace uses this address now. Ask your workspace's administrator for help.");
        }

        await db.ConsumeAsync(unitOfWork, token, now, cancellationToken);
        // Every e-mailed link of the account dies with the undo: a reset link sent to the other address above all.
        await db.AccountTokens
            .Where(t => t.UserId == user.Id && t.UsedAt == null && t.CancelledAt == null
                && (t.Purpose == AccountTokenPurpose.EmailChange || t.Purpose == AccountTokenPurpose.EmailChangeUndo || t.Purpose == AccountTokenPurpose.PasswordReset))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelledAt, now), cancellationToken);

        ConfirmEmailChangeHandler.SetEmail(user, token.Email, normalizer);
        var sessions = await db.Sessions.Live(now).Where(s => s.UserId == user.Id).ToListAsync(cancellationToken);
        var ended = store.RevokeUser(user.Id, sessions, SessionEnd.By(user.Id, RevokeReasons.EmailChangeUndone));
        store.Record(AuditActions.EmailChangeUndone, user.TenantId, user.Id, null, $"{ended.Count} sessions ended", user.Id);
        logger.LogInformation("User {UserId} undid an e-mail change from the old address; {Count} sessions ended", user.Id, ended.Count);
        return ended.Count;
    }
}

public sealed class GetEmailChangeLinkHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<GetEmailChangeLinkQuery, EmailChangeLink>
{
    public async ValueTask<EmailChangeLink> Handle(GetEmailChangeLinkQuery query, CancellationToken cancellationToken)
    {
        var purpose = query.Undo ? AccountTokenPurpose.EmailChangeUndo : AccountTokenPurpose.EmailChange;
        var token = await db.FindUsableAsync(purpose, query.Token, clock.GetUtcNow(), cancellationToken);
        var current = await db.Users.AsNoTracking().Where(u => u.Id == token.UserId && u.DeletedAt == null).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken)
            ?? throw AccountTokens.Invalid();
        return new EmailChangeLink(current, token.Email);
    }
}
