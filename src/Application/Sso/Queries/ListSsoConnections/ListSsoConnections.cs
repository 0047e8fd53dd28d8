using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Queries.ListSsoConnections;

/// <summary>The workspace's connections (Better Auth's <c>/sso/providers</c>), for its admins.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListSsoConnectionsQuery : IQuery<IReadOnlyList<SsoConnectionView>>;

/// <summary>One connection by its provider id (Better Auth's <c>/sso/get-provider</c>); another workspace's is not found.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetSsoConnectionQuery(string ProviderId) : IQuery<SsoConnectionView>;

internal sealed class ListSsoConnectionsHandler(IApplicationDbContext db, ICurrentTenant currentTenant, IAppLinks links)
    : IQueryHandler<ListSsoConnectionsQuery, IReadOnlyList<SsoConnectionView>>, IQueryHandler<GetSsoConnectionQuery, SsoConnectionView>
{
    public async ValueTask<IReadOnlyList<SsoConnectionView>> Handle(ListSsoConnectionsQuery query, CancellationToken cancellationToken)
    {
        var rows = await db.SsoConnections.AsNoTracking().OrderBy(c => c.ProviderId).ToListAsync(cancellationToken);
        return rows.Select(c => SsoConnectionRules.View(c, Redirect(c.ProviderId))).ToList();
    }

    public async ValueTask<SsoConnectionView> Handle(GetSsoConnectionQuery query, CancellationToken cancellationToken)
    {
        var connection = await db.SsoConnections.AsNoTracking().SingleOrDefaultAsync(c => c.ProviderId == query.ProviderId, cancellationToken)
            ?? throw new NotFoundException("This workspace has no such SSO connection.");
        return SsoConnectionRules.View(connection, Redirect(connection.ProviderId));
    }

    private string Redirect(string providerId) => links.Tenant(currentTenant.Tenant!.Slug, SsoConnectionRules.CallbackPath(providerId));
}
