using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions.Queries.GetEndedFrom;

/// <summary>
/// For the sign-in page of a device whose session its person ended from another device: which device did it and when
/// ("Signed out from Firefox on Windows at 14:02"). Asked without a session (the ended one is gone), so it answers only
/// for a session of the current tenant that its own person ended from another of their sessions; anything else is null.
/// The id comes from the app's data-protected TempData, never from the URL.
/// </summary>
public sealed record GetEndedFromQuery(Guid SessionId) : IQuery<EndedFrom?>;

public sealed record EndedFrom(string DeviceLabel, DateTimeOffset At);

public sealed class GetEndedFromHandler(IApplicationDbContext db) : IQueryHandler<GetEndedFromQuery, EndedFrom?>
{
    public async ValueTask<EndedFrom?> Handle(GetEndedFromQuery query, CancellationToken cancellationToken) =>
        await (
                from ended in db.Sessions.AsNoTracking()
                where ended.Id == query.SessionId && ended.RevokeReason == RevokeReasons.RevokedByUser && ended.RevokedAt != null
                join origin in db.Sessions.AsNoTracking() on ended.RevokedFromSessionId equals (Guid?)origin.Id
                where origin.UserId == ended.UserId && origin.Id != ended.Id
                select new EndedFrom(origin.DeviceLabel, ended.RevokedAt!.Value))
            .FirstOrDefaultAsync(cancellationToken);
}
