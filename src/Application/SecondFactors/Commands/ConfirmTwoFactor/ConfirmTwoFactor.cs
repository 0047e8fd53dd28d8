using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Commands.ConfirmTwoFactor;

/// <summary>
/// Better Auth's <c>two-factor/verify-totp</c> for a signed-in person who has started set-up: a right code from the
/// authenticator app turns two-factor on.
/// </summary>
[Authorize]
public sealed record ConfirmTwoFactorCommand(string Code) : ICommand<Unit>, IRefusedWhileImpersonating
{
    public override string ToString() => nameof(ConfirmTwoFactorCommand);
}

public sealed class ConfirmTwoFactorHandler(
    UserManager<ApplicationUser> users,
    SecondFactorCheck secondFactors,
    ICurrentSession current,
    ICurrentTenant tenant,
    ISessionStore store,
    ILogger<ConfirmTwoFactorHandler> logger) : ICommandHandler<ConfirmTwoFactorCommand, Unit>
{
    public async ValueTask<Unit> Handle(ConfirmTwoFactorCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (user.TwoFactorEnabled)
        {
            throw new RefusalException(SecondFactorErrors.TwoFactorAlreadyEnabled, "Two-factor authentication is already on.");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            throw new RefusalException(SecondFactorErrors.TwoFactorNotStarted, "Start setting up two-factor authentication first.");
        }

        if (!await secondFactors.VerifyTotpAsync(user, command.Code, resetFailuresOnSuccess: true, cancellationToken))
        {
            throw await secondFactors.RefusalForTotpAsync(user, command.Code);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        store.Record(AuditActions.TwoFactorEnabled, tenant.Id, user.Id, current.SessionId, "totp");
        logger.LogInformation("User {UserId} turned two-factor authentication on", user.Id);
        return Unit.Value;
    }
}
