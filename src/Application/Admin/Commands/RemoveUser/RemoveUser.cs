using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Accounts;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.RemoveUser;

/// <summary>
/// Better Auth's <c>admin/remove-user</c>: an administrator deletes a person in their scope (<see cref="AdminScope"/>:
/// a tenant admin their workspace, another workspace's id is not found; a superadmin on the platform host anyone but a
/// superadmin) through <see cref="AccountErasure"/>, as the person's own deletion does. Never oneself (that is
/// <c>delete-user</c>), never the workspace's only administrator. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record RemoveUserCommand(Guid UserId) : ICommand<AccountErased>, IRequireFreshSession;

public sealed class RemoveUserHandler(
    AdminScope scope,
    AccountErasure erasure,
    ISessionStore store,
    ICurrentSession current,
    ILogger<RemoveUserHandler> logger) : ICommandHandler<RemoveUserCommand, AccountErased>
{
    public async ValueTask<AccountErased> Handle(RemoveUserCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        var user = await scope.TargetAsync(command.UserId, cancellationToken);
        if (user.Id == current.UserId)
        {
            throw new RefusalException(ErrorCodes.CannotRemoveYourself, "You cannot remove yourself: delete your own account from your security page instead.");
        }

        await erasure.KeepAnAdministratorAsync(
            user, $"{user.DisplayName} is the workspace's only administrator: make someone else an administrator first.", cancellationToken);
        var tenantId = user.TenantId;
        var erased = await erasure.EraseAsync(user, current.UserId, byAdministrator: true, cancellationToken);
        store.Record(AuditActions.UserRemoved, tenantId, user.Id, null, $"{erased.Sessions.Count} sessions ended");
        logger.LogInformation("Admin {AdminId} removed user {UserId}; {Count} sessions ended", current.UserId, user.Id, erased.Sessions.Count);
        return erased;
    }
}
