namespace TenantSessions.Application.Sessions;

/// <summary>The purge job's settings (<c>Sessions:Purge:*</c>).</summary>
public sealed class SessionPurgeOptions
{
    public const string RecurringJobId = "sessions:purge";

    /// <summary>Hangfire cron expression, UTC. Default: every 10 minutes.</summary>
    public string Cron { get; set; } = "*/10 * * * *";

    /// <summary>Rows deleted per statement; each batch is its own short transaction.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Real-time pause between two batches, so sign-ins and validations get the database in between.</summary>
    public TimeSpan BatchPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long after its expiry an unrevoked session is kept (a clock-skew and "your session expired" margin).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Added to <c>Sessions:CookieCacheMaxAge</c>: feed rows younger than that sum are never purged.</summary>
    public TimeSpan FeedMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest batch allowed: one statement returns every deleted row's tenant, so a batch stays a short transaction.</summary>
    public const int MaxBatchSize = 20_000;
}
