using TenantSessions.Application.Auth.Passwords;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Email;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.SignUp;

/// <summary>
/// Someone joins the current workspace on their own, if its join policy lets their address in (invite-only refuses
/// everyone, with the same answer whether or not the address is a member). With e-mail verification on (the default,
/// <c>Auth:RequireEmailVerification</c>), no account is created yet: a verification link carrying the chosen name and
/// password hash is e-mailed, and the account is created, verified and signed in when the link is used
/// (<c>VerifyEmailCommand</c>). An address that already has an account gets an e-mail saying so instead, and the
/// answer is the same. Without verification the account is created and signed in at once. Nothing is saved here:
/// the command's unit of work commits once.
/// </summary>
public sealed record SignUpCommand(string Name, string Email, string Password, ClientInfo Client) : ICommand<SignUpResult>
{
    public override string ToString() => $"SignUpCommand {{ Email = {Email} }}";
}

/// <summary><see cref="Session"/> is null when a verification link was sent instead (or would have been).</summary>
public sealed record SignUpResult(IssuedSession? Session);

/// <summary>The sign-up waiting in a verification token.</summary>
public sealed record PendingSignUp(string Name, string PasswordHash);

public static class SignUpRules
{
    public const string RequireEmailVerificationKey = "Auth:RequireEmailVerification";

    public const int MessagesPerAddressPerHour = 3;

    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(24);

    public static RefusalException NotAllowed(Tenant tenant) => new(
        ErrorCodes.SignUpNotAllowed,
        tenant.JoinPolicy == JoinPolicy.AllowedDomains
            ? $"{tenant.Name} accepts sign-ups only from addresses at {string.Join(", ", tenant.AllowedDomainList)}. Otherwise, ask one of its administrators for an invitation."
            : $"{tenant.Name} is invite-only: ask one of its administrators for an invitation.");

    /// <summary>Writes a verification token for a pending sign-up and its e-mail (the caller saves).</summary>
    public static void SendVerification(IApplicationDbContext db, IAppLinks links, TenantInfoLike tenant, string email, PendingSignUp pending, DateTimeOffset now)
    {
        var (token, secret) = AccountTokens.Create(AccountTokenPurpose.EmailVerification, tenant.Id, null, email, now, VerificationLifetime);
        token.Payload = JsonSerializer.Serialize(pending);
        db.AccountTokens.Add(token);
        db.EmailOutbox.Add(AccountEmails.EmailVerification(tenant.Id, tenant.Name, email, links.Tenant(tenant.Slug, $"/verify-email?token={secret}"), now, VerificationLifetime));
    }

    public static Task<int> RecentMessagesAsync(IApplicationDbContext db, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - TimeSpan.FromHours(1);
        return db.EmailOutbox.CountAsync(m => m.To == email && (m.Kind == EmailKinds.EmailVerification || m.Kind == EmailKinds.SignUpExistingAccount) && m.CreatedAt > since, cancellationToken);
    }
}

public sealed record TenantInfoLike(Guid Id, string Slug, string Name);

public sealed class SignUpHandler(
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    ISessionStore store,
    IApplicationDbContext db,
    IAppLinks links,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<SignUpHandler> logger,
    Sso.SsoEnforcement sso) : ICommandHandler<SignUpCommand, SignUpResult>
{
    public async ValueTask<SignUpResult> Handle(SignUpCommand command, CancellationToken cancellationToken)
    {
        var info = currentTenant.Tenant
            ?? throw new RefusalException(ErrorCodes.BadRequest, "Sign up on your workspace's address.");
        if (!info.IsActive)
        {
            throw TenantErrors.Suspended(info);
        }

        var email = command.Email.Trim();
        await sso.ThrowIfRequiredAsync(email, null, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == info.Id, cancellationToken);
        if (!tenant.AcceptsSignUpFrom(email))
        {
            logger.LogInformation("Sign-up refused by the join policy of tenant {TenantId}", tenant.Id);
            throw SignUpRules.NotAllowed(tenant);
        }

        var user = ApplicationUser.Create(tenant.Id, email, command.Name, clock.GetUtcNow(), emailConfirmed: false);

        if (configuration.GetValue(SignUpRules.RequireEmailVerificationKey, true))
        {
            await SendVerificationAsync(user, command.Password, cancellationToken);
            return new SignUpResult(null);
        }

        var created = await users.CreateAsync(user, command.Password);
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                throw new RefusalException(ErrorCodes.UserAlreadyExists, "An account with this e-mail already exists in this workspace.");
            }

            throw PasswordErrors(PasswordRules.Describe(created.Errors));
        }

        await users.AddToRoleAsync(user, Roles.Member);
        var issued = await store.IssueAsync(user, info, persistent: true, command.Client, AuditActions.SignedUp, AuthenticationMethods.Password, cancellationToken);
        logger.LogInformation("User {UserId} signed up in tenant {TenantId}", user.Id, tenant.Id);
        return new SignUpResult(issued);
    }

    /// <summary>The same work for a new and a known address: password checks and hashing, one lookup, one count, one save.</summary>
    private async Task SendVerificationAsync(ApplicationUser user, string password, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange(PasswordRules.Describe((await validator.ValidateAsync(users, user, password)).Errors));
        }

        if (errors.Count > 0)
        {
            throw PasswordErrors(errors);
        }

        var hash = users.PasswordHasher.HashPassword(user, password);
        var email = user.Email!;
        var normalized = users.NormalizeEmail(email);
        var now = clock.GetUtcNow();
        var exists = await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (await SignUpRules.RecentMessagesAsync(db, email, now, cancellationToken) >= SignUpRules.MessagesPerAddressPerHour)
        {
            logger.LogWarning("Sign-up e-mail not sent: too many for one address in the last hour");
            return;
        }

        var tenant = new TenantInfoLike(user.TenantId!.Value, currentTenant.Tenant!.Slug, currentTenant.Tenant.Name);
        if (exists)
        {
            // A record of the attempt (no sign-up in it, cancelled at once): the same rows are written as for a new address.
            var (record, _) = AccountTokens.Create(AccountTokenPurpose.EmailVerification, tenant.Id, null, email, now, SignUpRules.VerificationLifetime);
            record.Cancel(now);
            db.AccountTokens.Add(record);
            db.EmailOutbox.Add(AccountEmails.SignUpExistingAccount(tenant.Id, tenant.Name, email, links.Tenant(tenant.Slug, "/sign-in"), now));
        }
        else
        {
            SignUpRules.SendVerification(db, links, tenant, email, new PendingSignUp(user.DisplayName, hash), now);
        }

        logger.LogInformation("Sign-up in tenant {TenantId}: e-mail sent to confirm the address", tenant.Id);
    }

    private static ValidationException PasswordErrors(IEnumerable<string> errors) =>
        new(new Dictionary<string, string[]> { ["password"] = errors.ToArray() });
}
