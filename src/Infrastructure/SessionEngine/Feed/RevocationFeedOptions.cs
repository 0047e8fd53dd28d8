namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// How this node learns about revocations committed by other nodes (<c>Revocation:*</c>). See
/// docs/decisions/ADR-006-revocation-feed.md and docs/deployment.md.
/// </summary>
internal sealed class RevocationFeedOptions
{
    public const string SectionName = "Revocation";

    /// <summary>The keyed <see cref="TimeProvider"/> that paces the poll loop and measures feed lag (real time by default).</summary>
    public const string ClockKey = "RevocationFeed";

    public RevocationFeedMode Mode { get; set; } = RevocationFeedMode.Auto;

    /// <summary>How often the feed table is read for rows committed by other nodes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>When the last complete catch-up is older than this, cookie-cache hits are no longer trusted.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most rows one poll reads; a full batch is followed by another read at once.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long an id the database skipped is re-read in case its transaction commits late (ids are handed out at
    /// insert, rows become visible at commit). Also the age after which a row is assumed committed at start-up.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Redis pub/sub channel (when <c>Redis:Configuration</c> is set); every node of one deployment must share it.</summary>
    public string RedisChannel { get; set; } = "tenantsessions:revocation-feed";
}

public enum RevocationFeedMode
{
    /// <summary><see cref="InProcess"/> for SQLite without Redis (one node), <see cref="Polling"/> otherwise.</summary>
    Auto,

    /// <summary>One node: the feed only needs what this process commits. No poller, always trusted.</summary>
    InProcess,

    /// <summary>Several nodes: poll the feed table (and listen on Redis when it is configured).</summary>
    Polling,
}
