using Mediator;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Sessions.Queries.GetMySessionHistory;

/// <summary>The caller's recently ended sessions in the current tenant: when, why and by whom.</summary>
[Authorize]
public sealed record GetMySessionHistoryQuery(int Limit = 20) : IQuery<IReadOnlyList<EndedSession>>;

public sealed class GetMySessionHistoryHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<GetMySessionHistoryQuery, IReadOnlyList<EndedSession>>
{
    public async ValueTask<IReadOnlyList<EndedSession>> Handle(GetMySessionHistoryQuery query, CancellationToken cancellationToken) =>
        await SessionHistory.ForUserAsync(db, current.UserId!.Value, query.Limit, clock.GetUtcNow(), cancellationToken);
}
