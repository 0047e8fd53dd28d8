using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Sessions.Queries.ListMySessions;

/// <summary>The caller's live sessions in the current tenant (on the platform host: the superadmin's own), this device first.</summary>
[Authorize]
public sealed record ListMySessionsQuery : IQuery<IReadOnlyList<SessionSummary>>;

public sealed class ListMySessionsHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<ListMySessionsQuery, IReadOnlyList<SessionSummary>>
{
    public async ValueTask<IReadOnlyList<SessionSummary>> Handle(ListMySessionsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = current.UserId;
        var sessions = await db.Sessions.AsNoTracking()
            .Live(now)
            .Where(s => s.UserId == userId)
            .Select(SessionSummary.Projection(current.SessionId))
            .ToListAsync(cancellationToken);
        return SessionSummary.InDisplayOrder(sessions);
    }
}
