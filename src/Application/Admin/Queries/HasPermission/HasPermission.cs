using Mediator;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.HasPermission;

/// <summary>
/// Better Auth's <c>admin/has-permission</c> for the caller: true when their role grants every action asked for, in
/// the admin plugin's statements (<c>user</c>: create, list, set-role, ban, impersonate, impersonate-admins, delete,
/// set-password, set-email, get, update; <c>session</c>: list, revoke, delete). A tenant admin and a superadmin hold
/// Better Auth's <c>admin</c> role; a superadmin may also impersonate administrators; a member holds nothing.
/// </summary>
[Authorize]
public sealed record HasPermissionQuery(IReadOnlyDictionary<string, string[]> Permissions) : IQuery<bool>;

public sealed class HasPermissionHandler(ICurrentSession current) : IQueryHandler<HasPermissionQuery, bool>
{
    private static readonly Dictionary<string, HashSet<string>> Admin = new(StringComparer.Ordinal)
    {
        ["user"] = ["create", "list", "set-role", "ban", "impersonate", "delete", "set-password", "set-email", "get", "update"],
        ["session"] = ["list", "revoke", "delete"],
    };

    private static readonly Dictionary<string, HashSet<string>> Superadmin = new(StringComparer.Ordinal)
    {
        ["user"] = [.. Admin["user"], "impersonate-admins"],
        ["session"] = Admin["session"],
    };

    public ValueTask<bool> Handle(HasPermissionQuery query, CancellationToken cancellationToken)
    {
        var granted = current.IsInRole(Roles.PlatformSuperadmin) ? Superadmin : current.IsInRole(Roles.TenantAdmin) ? Admin : null;
        var allowed = granted is not null && query.Permissions.Count > 0 && query.Permissions.All(p =>
            granted.TryGetValue(p.Key, out var actions) && p.Value.All(actions.Contains));
        return ValueTask.FromResult(allowed);
    }
}
