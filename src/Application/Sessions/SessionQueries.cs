using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions;

public static class SessionQueries
{
    /// <summary>Sessions not revoked and not expired at <paramref name="now"/> (the sliding expiry never passes the absolute cap).</summary>
    public static IQueryable<Session> Live(this IQueryable<Session> sessions, DateTimeOffset now) =>
        sessions.Where(s => s.RevokedAt == null && s.ExpiresAt > now);
}
