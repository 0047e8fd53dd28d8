using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.Health;

/// <summary>
/// Redis is an accelerator of the revocation feed, not a dependency: when it is down the node is
/// <see cref="HealthStatus.Degraded"/> (still ready; revocations arrive by polling), never unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(RedisRevocationChannel channel) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (channel.Connection is not { IsConnected: true } connection)
        {
            return HealthCheckResult.Degraded("Redis is not connected; revocations from other nodes arrive by polling.");
        }

        try
        {
            var latency = await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("Redis is connected.", new Dictionary<string, object>
            {
                ["pingMs"] = latency.TotalMilliseconds,
                ["receivedEntries"] = channel.ReceivedEntries,
            });
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis does not answer; revocations from other nodes arrive by polling.");
        }
    }
}
