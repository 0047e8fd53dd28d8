using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.SecondFactors;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Commands.CompleteSignIn;

public enum SecondFactorProof
{
    Totp = 0,
    RecoveryCode = 1,
}

/// <summary>
/// The second step of a sign-in (Better Auth's <c>two-factor/verify-totp</c> and <c>verify-backup-code</c> with the
/// pending-sign-in cookie): the code is checked under the password's lockout, the pending sign-in is used up (once, on
/// one node), and only then is the session issued, recording how it was authenticated. For a pending enrolment the
/// right code also turns two-factor on.
/// </summary>
public sealed record CompleteSignInCommand(string? PendingToken, SecondFactorProof Proof, string Code, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => $"CompleteSignInCommand {{ Proof = {Proof} }}";
}

public sealed class CompleteSignInHandler(
    UserManager<ApplicationUser> users,
    SecondFactorCheck secondFactors,
    PasswordCheck passwords,
    ICurrentTenant currentTenant,
    ISessionStore store,
    IApplicationDbContext db,
    IOptions<SecondFactorOptions> options,
    TimeProvider clock,
    ILogger<CompleteSignInHandler> logger) : ICommandHandler<CompleteSignInCommand, IssuedSession>
{
    public async ValueTask<IssuedSession> Handle(CompleteSignInCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant;
        if (tenant is { IsActive: false })
        {
            throw TenantErrors.Suspended(tenant);
        }

        var pending = await db.FindPendingAsync(command.PendingToken, clock.GetUtcNow(), cancellationToken)
            ?? throw SecondFactorErrors.PendingSignInInvalid();
        var user = await users.FindByIdAsync(pending.UserId.ToString());
        var enrolling = pending.Purpose == PendingSignInPurpose.Enrol;
        if (user is null || Bans.IsBanned(user.LockoutEnd) || user.TwoFactorEnabled == enrolling || (enrolling && command.Proof != SecondFactorProof.Totp))
        {
            throw SecondFactorErrors.PendingSignInInvalid();
        }

        if (passwords.IsLockedOut(user))
        {
            throw PasswordCheck.Locked();
        }

        var accepted = command.Proof == SecondFactorProof.Totp
            ? await secondFactors.VerifyTotpAsync(user, command.Code, resetFailuresOnSuccess: false, cancellationToken)
            : await secondFactors.RedeemRecoveryCodeAsync(user, command.Code, resetFailuresOnSuccess: false, cancellationToken);
        if (!accepted)
        {
            await db.CountFailureAsync(pending, options.Value.MaxAttemptsPerPendingSignIn, cancellationToken);
            logger.LogInformation("Second factor refused for user {UserId} ({Proof})", user.Id, command.Proof);
            throw command.Proof == SecondFactorProof.Totp ? await secondFactors.RefusalForTotpAsync(user, command.Code) : SecondFactorErrors.WrongBackupCode();
        }

        var now = clock.GetUtcNow();
        if (!await db.ConsumeAsync(pending, now, cancellationToken))
        {
            throw SecondFactorErrors.PendingSignInInvalid();
        }

        await passwords.ResetFailuresAsync(user.Id, cancellationToken);
        user.AccessFailedCount = 0;
        if (enrolling)
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            store.Record(AuditActions.TwoFactorEnabled, tenant?.Id, user.Id, null, "totp (required at sign-in)");
        }

        var method = command.Proof == SecondFactorProof.Totp ? AuthenticationMethods.PasswordAndTotp : AuthenticationMethods.PasswordAndRecoveryCode;
        var issued = await store.IssueAsync(user, tenant, pending.RememberMe, command.Client, AuditActions.SignedIn, method, cancellationToken);
        if (command.Proof == SecondFactorProof.RecoveryCode)
        {
            store.Record(AuditActions.RecoveryCodeUsed, tenant?.Id, user.Id, issued.Session.Id, null);
        }

        logger.LogInformation("User {UserId} signed in with {Method}, session {SessionId}", user.Id, method, issued.Session.Id);
        return issued;
    }
}
