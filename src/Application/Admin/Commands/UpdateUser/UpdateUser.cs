using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Commands.SetUserRole;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.UpdateUser;

/// <summary>
/// Better Auth's <c>admin/update-user</c>: an administrator changes a person's <c>name</c> and/or <c>role</c> (the keys
/// of <c>data</c> it accepts; a password, e-mail or ban has its own route and is refused here with a message naming it).
/// The name and role travel in the person's sessions, so every node re-reads them. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record UpdateUserCommand(Guid UserId, string? Name, string? Role) : ICommand<ManagedUser>, IRequireFreshSession;

public sealed class UpdateUserHandler(IApplicationDbContext db, AdminScope scope, ISessionStore store, ILogger<UpdateUserHandler> logger)
    : ICommandHandler<UpdateUserCommand, ManagedUser>
{
    public async ValueTask<ManagedUser> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        if (command.Name is null && command.Role is null)
        {
            throw new ValidationException("data", "Nothing to update: send a name or a role.");
        }

        var name = command.Name?.Trim();
        if (name is { Length: 0 or > 100 })
        {
            throw new ValidationException("name", "Enter a name (at most 100 characters).");
        }

        string? role = null;
        if (command.Role is not null)
        {
            role = ManagedUsers.ParseRole(command.Role) ?? throw new ValidationException("role", ManagedUsers.RoleMessage);
        }

        var user = await scope.TargetAsync(command.UserId, cancellationToken);
        if (name is not null && name != user.DisplayName)
        {
            user.DisplayName = name;
            store.UserChanged(user.Id);
            store.Record(AuditActions.NameChanged, user.TenantId, user.Id, null);
        }

        if (role is not null)
        {
            await UserRoles.SetAsync(db, scope, store, user, role, cancellationToken);
        }

        logger.LogInformation("Admin updated user {UserId}", user.Id);
        var view = await scope.ViewAsync(user.Id, cancellationToken);
        return view with { Name = user.DisplayName, Roles = role is null ? view.Roles : [role] };
    }
}
