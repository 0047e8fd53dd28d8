namespace TenantSessions.Application.Webhooks;

/// <summary><c>Webhooks:*</c>: how audit events are streamed to a workspace's endpoints (ADR-029).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public const string RecurringJobId = "webhooks:outbox";

    /// <summary>The safety-net schedule; a commit that wrote deliveries also queues a run at once.</summary>
    public string Cron { get; set; } = "* * * * *";

    /// <summary>How long one request to a receiver may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of an endpoint's first undelivered event back off 1, 2, 4, ... minutes up to this; never given up.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a run holds an endpoint; a run that died releases it after this.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Endpoints served per batch of a run, and deliveries sent to one endpoint before the run moves on.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>After a rotation the previous secret still signs (a second signature) for this long; zero = not at all.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many endpoints per workspace.</summary>
    public int MaxEndpointsPerWorkspace { get; set; } = 10;

    /// <summary>
    /// Whether an endpoint may be on this machine's loopback (development and tests only). Other internal addresses
    /// (private, link-local, unique-local, CGNAT, multicast, unspecified) are never connected to.
    /// </summary>
    public bool AllowLoopback { get; set; }
}
