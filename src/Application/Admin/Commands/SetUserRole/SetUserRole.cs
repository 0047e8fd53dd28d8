using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.SetUserRole;

/// <summary>
/// Better Auth's <c>admin/set-role</c>: one role (Member or TenantAdmin; <c>user</c>/<c>admin</c> accepted) for a person
/// in the administrator's scope. The person's sessions carry their roles, so every node re-reads them at the next
/// request (a user "not before" feed entry: a cache cookie minted earlier goes to the database). A workspace keeps at
/// least one administrator. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record SetUserRoleCommand(Guid UserId, string Role) : ICommand<ManagedUser>, IRequireFreshSession;

public sealed class SetUserRoleHandler(IApplicationDbContext db, AdminScope scope, ISessionStore store, ILogger<SetUserRoleHandler> logger)
    : ICommandHandler<SetUserRoleCommand, ManagedUser>
{
    public async ValueTask<ManagedUser> Handle(SetUserRoleCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        var role = ManagedUsers.ParseRole(command.Role) ?? throw new ValidationException("role", ManagedUsers.RoleMessage);
        var user = await scope.TargetAsync(command.UserId, cancellationToken);
        await UserRoles.SetAsync(db, scope, store, user, role, cancellationToken);
        logger.LogInformation("User {UserId} now has the role {Role}", user.Id, role);
        var view = await scope.ViewAsync(user.Id, cancellationToken);
        return view with { Roles = [role] };
    }
}

/// <summary>The one way an administrator changes someone's role (set-role, update-user).</summary>
internal static class UserRoles
{
    public static async Task SetAsync(IApplicationDbContext db, AdminScope scope, ISessionStore store, ApplicationUser user, string role, CancellationToken cancellationToken)
    {
        var current = await scope.RolesOfAsync(user.Id, cancellationToken);
        if (current.Count == 1 && current[0] == role)
        {
            return;
        }

        if (role != Roles.TenantAdmin)
        {
            await scope.KeepAnAdministratorAsync(user, cancellationToken);
        }

        var roleIds = await db.Roles.Where(r => r.Name == Roles.Member || r.Name == Roles.TenantAdmin).ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var held = await db.UserRoles.Where(ur => ur.UserId == user.Id && roleIds.Values.Contains(ur.RoleId)).ToListAsync(cancellationToken);
        db.UserRoles.RemoveRange(held);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[role] });
        store.UserChanged(user.Id);
        store.Record(AuditActions.RoleChanged, user.TenantId, user.Id, null, $"{string.Join(',', current)} → {role}");
    }
}
