using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.Health;

/// <summary>
/// Unhealthy while this node may have missed revocations (no complete catch-up within <c>Revocation:MaxLag</c>): it
/// still answers correctly, from the database, but should leave the load balancer's rotation until it catches up.
/// </summary>
public sealed class RevocationFeedHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<RevocationFeedPoller>() is not { } poller)
        {
            return Task.FromResult(HealthCheckResult.Healthy("In-process feed (single node)."));
        }

        var data = new Dictionary<string, object>
        {
            ["lagMs"] = poller.Lag is { } lag ? (long)lag.TotalMilliseconds : -1,
            ["watermark"] = poller.Watermark,
            ["openGaps"] = poller.OpenGaps,
        };
        return Task.FromResult(poller.IsTrusted
            ? HealthCheckResult.Healthy("Revocation feed is current.", data)
            : HealthCheckResult.Unhealthy("Revocation feed is behind: cookie-cache hits are not trusted.", data: data));
    }
}
