using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Commands.SignUp;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.VerifyEmail;

/// <summary>
/// The verification link of an open sign-up, confirmed with a POST (a GET changes nothing): creates the account with
/// a verified e-mail, uses the link up and signs the person in. Refused if the workspace no longer accepts the
/// address, or the address got an account meanwhile (<c>INVALID_TOKEN</c>, like any bad link).
/// </summary>
public sealed record VerifyEmailCommand(string Token, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => nameof(VerifyEmailCommand);
}

/// <summary>The address a verification link is for, or <c>INVALID_TOKEN</c>.</summary>
public sealed record GetPendingSignUpQuery(string Token) : IQuery<string>
{
    public override string ToString() => nameof(GetPendingSignUpQuery);
}

/// <summary>
/// Better Auth's <c>send-verification-email</c>: a new link for a sign-up still waiting for verification. Always the
/// same answer; at most <see cref="SignUpRules.MessagesPerAddressPerHour"/> messages per address and hour.
/// </summary>
public sealed record SendVerificationEmailCommand(string Email) : ICommand
{
    public override string ToString() => nameof(SendVerificationEmailCommand);
}

public sealed class VerifyEmailHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    ISessionStore store,
    IAppLinks links,
    TimeProvider clock,
    ILogger<VerifyEmailHandler> logger)
    : ICommandHandler<VerifyEmailCommand, IssuedSession>, IQueryHandler<GetPendingSignUpQuery, string>, ICommandHandler<SendVerificationEmailCommand>
{
    public async ValueTask<string> Handle(GetPendingSignUpQuery query, CancellationToken cancellationToken) =>
        (await db.FindUsableAsync(AccountTokenPurpose.EmailVerification, query.Token, clock.GetUtcNow(), cancellationToken)).Email;

    public async ValueTask<IssuedSession> Handle(VerifyEmailCommand command, CancellationToken cancellationToken)
    {
        var info = currentTenant.Tenant ?? throw AccountTokens.Invalid();
        if (!info.IsActive)
        {
            throw TenantErrors.Suspended(info);
        }

        var now = clock.GetUtcNow();
        var token = await db.FindUsableAsync(AccountTokenPurpose.EmailVerification, command.Token, now, cancellationToken);
        var pending = JsonSerializer.Deserialize<PendingSignUp>(token.Payload ?? "null") ?? throw AccountTokens.Invalid();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == info.Id, cancellationToken);
        if (!tenant.AcceptsSignUpFrom(token.Email))
        {
            throw SignUpRules.NotAllowed(tenant);
        }

        var normalized = users.NormalizeEmail(token.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            throw AccountTokens.Invalid();
        }

        await db.ConsumeAsync(unitOfWork, token, now, cancellationToken);
        var user = ApplicationUser.Create(tenant.Id, token.Email, pending.Name, now, emailConfirmed: true, pending.PasswordHash);
        if (!(await users.CreateAsync(user)).Succeeded)
        {
            throw AccountTokens.Invalid();
        }

        await users.AddToRoleAsync(user, Roles.Member);
        var issued = await store.IssueAsync(user, info, persistent: true, command.Client, AuditActions.SignedUp, AuthenticationMethods.Password, cancellationToken);
        store.Record(AuditActions.EmailVerified, tenant.Id, user.Id, issued.Session.Id);
        logger.LogInformation("User {UserId} verified their e-mail and joined tenant {TenantId}", user.Id, tenant.Id);
        return issued;
    }

    public async ValueTask<Unit> Handle(SendVerificationEmailCommand command, CancellationToken cancellationToken)
    {
        var info = currentTenant.Tenant;
        if (info is not { IsActive: true })
        {
            return Unit.Value;
        }

        var email = command.Email.Trim();
        var now = clock.GetUtcNow();
        var latest = await db.AccountTokens.AsNoTracking()
            .Where(t => t.Purpose == AccountTokenPurpose.EmailVerification && t.Email == email && t.UsedAt == null && t.CancelledAt == null && t.Payload != null)
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null || await SignUpRules.RecentMessagesAsync(db, email, now, cancellationToken) >= SignUpRules.MessagesPerAddressPerHour)
        {
            return Unit.Value;
        }

        var pending = JsonSerializer.Deserialize<PendingSignUp>(latest.Payload!)!;
        SignUpRules.SendVerification(db, links, new TenantInfoLike(info.Id, info.Slug, info.Name), email, pending, now);
        return Unit.Value;
    }
}
