using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.GetMemberSessionHistory;

/// <summary>A member's recently ended sessions: when, why and by whom. A user of another tenant is not found.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetMemberSessionHistoryQuery(Guid UserId, int Limit = 20) : IQuery<IReadOnlyList<EndedSession>>;

public sealed class GetMemberSessionHistoryHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<GetMemberSessionHistoryQuery, IReadOnlyList<EndedSession>>
{
    public async ValueTask<IReadOnlyList<EndedSession>> Handle(GetMemberSessionHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("There is no such member in this workspace.");
        }

        return await SessionHistory.ForUserAsync(db, query.UserId, query.Limit, clock.GetUtcNow(), cancellationToken);
    }
}
