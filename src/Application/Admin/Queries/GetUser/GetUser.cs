using Mediator;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.GetUser;

/// <summary>Better Auth's <c>admin/get-user</c>: one person in the administrator's scope; anyone else is not found.</summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record GetUserQuery(Guid UserId) : IQuery<ManagedUser>;

public sealed class GetUserHandler(AdminScope scope) : IQueryHandler<GetUserQuery, ManagedUser>
{
    public async ValueTask<ManagedUser> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        scope.Demand();
        return await scope.ViewAsync(query.UserId, cancellationToken);
    }
}
