using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Commands.DisableTwoFactor;

/// <summary>
/// Turns two-factor off. Needs a fresh session and a current authenticator code or an unused recovery code. Refused
/// where the workspace (or the platform) requires a second factor of this person.
/// </summary>
[Authorize]
public sealed record DisableTwoFactorCommand(string Code) : ICommand<Unit>, IRequireFreshSession
{
    public override string ToString() => nameof(DisableTwoFactorCommand);
}

public sealed class DisableTwoFactorHandler(
    UserManager<ApplicationUser> users,
    SecondFactorCheck secondFactors,
    ICurrentSession current,
    ICurrentTenant tenant,
    ISessionStore store,
    ILogger<DisableTwoFactorHandler> logger) : ICommandHandler<DisableTwoFactorCommand, Unit>
{
    public async ValueTask<Unit> Handle(DisableTwoFactorCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (!user.TwoFactorEnabled)
        {
            throw SecondFactorErrors.NotEnabled();
        }

        if (await secondFactors.IsRequiredAsync(current.Roles.ToList(), cancellationToken))
        {
            throw new RefusalException(
                SecondFactorErrors.TwoFactorRequired, "This workspace requires two-factor authentication for your account, so it can't be turned off.");
        }

        if (!await secondFactors.VerifyAnyAsync(user, command.Code, cancellationToken))
        {
            throw await secondFactors.RefusalForTotpAsync(user, command.Code);
        }

        await secondFactors.RemoveAsync(user, cancellationToken);
        store.Record(AuditActions.TwoFactorDisabled, tenant.Id, user.Id, current.SessionId, null);
        logger.LogInformation("User {UserId} turned two-factor authentication off", user.Id);
        return Unit.Value;
    }
}
