using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions;

/// <summary>
/// How every revocation is written: the row marked (when, by whom, why), a feed entry per ended session so cookie
/// caches are rejected on every node, an audit event per ended session. The caller saves once.
/// </summary>
public static class Revocations
{
    /// <param name="announceEachSession">
    /// False when the caller adds a broader feed entry (a tenant "not before") that already covers these sessions.
    /// </param>
    public static RevokedSessions Revoke(
        this IApplicationDbContext db,
        IEnumerable<Session> sessions,
        Guid? actorUserId,
        string reason,
        DateTimeOffset now,
        Guid? currentSessionId,
        bool announceEachSession = true)
    {
        var count = 0;
        var includesCurrent = false;
        foreach (var session in sessions)
        {
            if (!session.IsLive(now))
            {
                continue;
            }

            session.Revoke(now, actorUserId, reason);
            if (announceEachSession)
            {
                db.RevocationFeed.Add(new RevocationEntry(RevocationKind.Session, session.Id, now));
            }

            db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(now), now, AuditActions.SessionRevoked, session.TenantId, actorUserId, session.UserId, session.Id, reason));
            count++;
            includesCurrent |= session.Id == currentSessionId;
        }

        return new RevokedSessions(count, includesCurrent);
    }
}
