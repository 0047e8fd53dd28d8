using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.GetUserSessionHistory;

/// <summary>
/// Any user's recently ended sessions, whatever their tenant: when, why and by whom. Platform administrators see each
/// other by name here (a tenant's pages say only "Platform administrator").
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record GetUserSessionHistoryQuery(Guid UserId, int Limit = 20) : IQuery<IReadOnlyList<EndedSession>>;

public sealed class GetUserSessionHistoryHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<GetUserSessionHistoryQuery, IReadOnlyList<EndedSession>>
{
    public async ValueTask<IReadOnlyList<EndedSession>> Handle(GetUserSessionHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("There is no such user.");
        }

        return await SessionHistory.ForUserAsync(db, query.UserId, query.Limit, clock.GetUtcNow(), cancellationToken, everyTenant: true);
    }
}
