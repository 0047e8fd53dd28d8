using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Commands.RegenerateRecoveryCodes;

/// <summary>Ten new recovery codes, shown once; the old ones stop working. Needs a fresh session.</summary>
[Authorize]
public sealed record RegenerateRecoveryCodesCommand : ICommand<IReadOnlyList<string>>, IRequireFreshSession;

public sealed class RegenerateRecoveryCodesHandler(
    UserManager<ApplicationUser> users,
    SecondFactorCheck secondFactors,
    ICurrentSession current,
    ICurrentTenant tenant,
    ISessionStore store,
    ILogger<RegenerateRecoveryCodesHandler> logger) : ICommandHandler<RegenerateRecoveryCodesCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(RegenerateRecoveryCodesCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (!user.TwoFactorEnabled)
        {
            throw SecondFactorErrors.NotEnabled();
        }

        var codes = await secondFactors.ReplaceRecoveryCodesAsync(user, cancellationToken);
        store.Record(AuditActions.RecoveryCodesRegenerated, tenant.Id, user.Id, current.SessionId, null);
        logger.LogInformation("User {UserId} made new recovery codes", user.Id);
        return codes;
    }
}
