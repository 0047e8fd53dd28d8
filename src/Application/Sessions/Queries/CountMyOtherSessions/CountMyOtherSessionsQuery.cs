using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Sessions.Queries.CountMyOtherSessions;

/// <summary>
/// How many live sessions the caller has besides this one, in the current tenant: what the offer to end the others
/// after a factor change counts (ASVS 5.0 7.4.3). The same rows <c>ListMySessionsQuery</c> lists, counted in SQL.
/// </summary>
[Authorize]
public sealed record CountMyOtherSessionsQuery : IQuery<int>;

public sealed class CountMyOtherSessionsHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<CountMyOtherSessionsQuery, int>
{
    public async ValueTask<int> Handle(CountMyOtherSessionsQuery query, CancellationToken cancellationToken)
    {
        var userId = current.UserId;
        var sessionId = current.SessionId;
        return await db.Sessions
            .Live(clock.GetUtcNow())
            .Where(s => s.UserId == userId && s.Id != sessionId)
            .CountAsync(cancellationToken);
    }
}
