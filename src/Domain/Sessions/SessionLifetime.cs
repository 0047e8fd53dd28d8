namespace TenantSessions.Domain.Sessions;

/// <summary>The expiry arithmetic of a session: sliding <c>expiresIn</c>, refreshed at most every <c>updateAge</c>, never past the absolute cap.</summary>
/// <remarks>Invariant: <see cref="ExpiresAt"/> never passes <see cref="AbsoluteExpiresAt"/> — the purge relies on it.</remarks>
public sealed record SessionLifetime(DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt)
{
    public DateTimeOffset ExpiresAt { get; } = ExpiresAt <= AbsoluteExpiresAt
        ? ExpiresAt
        : throw new ArgumentOutOfRangeException(nameof(ExpiresAt), "A session cannot expire after its absolute cap.");

    public static SessionLifetime Start(DateTimeOffset now, SessionTimeouts timeouts, bool persistent)
    {
        var absolute = now + timeouts.AbsoluteLifetime;
        var expiresIn = persistent ? timeouts.ExpiresIn : Min(timeouts.ExpiresIn, timeouts.NonPersistentExpiresIn);
        return new SessionLifetime(now, Min(now + expiresIn, absolute), absolute);
    }

    /// <summary>True when <paramref name="now"/> is at least <c>updateAge</c> after the last refresh.</summary>
    public static bool IsRefreshDue(DateTimeOffset updatedAt, DateTimeOffset now, SessionTimeouts timeouts) =>
        now - updatedAt >= timeouts.UpdateAge;

    /// <summary>The new sliding expiry: <c>min(now + expiresIn, absoluteExpiresAt)</c>.</summary>
    public static DateTimeOffset SlideExpiry(DateTimeOffset now, DateTimeOffset absoluteExpiresAt, SessionTimeouts timeouts, bool persistent)
    {
        var expiresIn = persistent ? timeouts.ExpiresIn : Min(timeouts.ExpiresIn, timeouts.NonPersistentExpiresIn);
        var slid = now + expiresIn;
        return slid < absoluteExpiresAt ? slid : absoluteExpiresAt;
    }

    /// <summary>
    /// True when the session's last known use (<paramref name="lastUsedAt"/>) is at least the idle timeout ago; never
    /// when there is no idle timeout.
    /// </summary>
    public static bool IsIdle(DateTimeOffset lastUsedAt, DateTimeOffset now, SessionTimeouts timeouts) =>
        timeouts.IdleTimeout is { } idle && now - lastUsedAt >= idle;

    /// <summary>
    /// How long a cache cookie minted now (a use) may be trusted: <c>cookieCacheMaxAge</c>, never past the session's
    /// expiry, nor past the idle timeout — so a cache hit, which reads nothing, can never accept an idle session.
    /// </summary>
    public static DateTimeOffset CacheExpiry(DateTimeOffset now, TimeSpan cookieCacheMaxAge, DateTimeOffset expiresAt, SessionTimeouts timeouts)
    {
        var cacheExpiresAt = Min(now + cookieCacheMaxAge, expiresAt);
        return timeouts.IdleTimeout is { } idle ? Min(cacheExpiresAt, now + idle) : cacheExpiresAt;
    }

    public static bool IsFresh(DateTimeOffset authenticatedAt, DateTimeOffset now, SessionTimeouts timeouts) =>
        now - authenticatedAt <= timeouts.FreshAge;

    private static T Min<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) <= 0 ? a : b;
}
