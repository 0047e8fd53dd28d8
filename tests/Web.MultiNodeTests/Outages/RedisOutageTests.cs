using System.Net;
using System.Text.Json;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Outages;

/// <summary>Redis is an accelerator: when it stops, revocations still cross by polling, and it picks up again when it returns.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    private readonly PostgresTestDatabase _database = new();
    private readonly string _channel = $"tenantsessions-test:{Guid.NewGuid():N}";
    private RedisServer _redis = null!;
    private NodeCluster? _cluster;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await _database.CreateAsync();
    }

    [Fact]
    public async Task WhenRedisStopsRevocationsStillReachTheOtherNodeByPollingAndRedisResumesWhenItReturns()
    {
        var cluster = await StartClusterAsync();
        var (_, slug) = await cluster.CreateTenantAsync();
        var first = await cluster.SignUpOnAAsync(slug);
        var second = await cluster.SignUpOnAAsync(slug);
        var secondId = await second.SessionIdAsync();
        var firstOnB = first.On(cluster.B, frozen: true);
        var secondOnB = second.On(cluster.B, frozen: true);
        await firstOnB.SessionIdAsync();
        await secondOnB.SessionIdAsync();
        var channelOnB = cluster.B.Service<RedisRevocationChannel>();
        await _redis.WaitForSubscribersAsync(_channel);

        await _redis.StopAsync();
        await WaitForAsync(() => channelOnB.Connection?.IsConnected == false, "node B notices Redis is gone");
        var receivedWhileDown = channelOnB.ReceivedEntries;
        var (byPolling, code) = await Infrastructure.Propagation.MeasureAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await first.PostJsonAsync("/api/auth/sign-out", null)).StatusCode),
            firstOnB, output, "Redis down, polling (250 ms): user sign-out");

        Assert.True(byPolling < Promise, $"took {byPolling.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.SessionRevoked, code);
        Assert.Equal(receivedWhileDown, channelOnB.ReceivedEntries);
        await AssertStaysRejectedAsync(firstOnB);
        using (var ready = await cluster.B.HealthAsync())
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await CheckStatusAsync(ready, "redis"));
        }

        await _redis.RestartAsync();
        await _redis.WaitForSubscribersAsync(_channel);
        var (afterReturn, _) = await Infrastructure.Propagation.MeasureAsync(
            () => cluster.RevokeAsAdminAsync(cluster.A, secondId), secondOnB, output, "Redis back: admin revocation");

        Assert.True(afterReturn < Promise, $"took {afterReturn.TotalMilliseconds:F0} ms");
        await WaitForAsync(() => channelOnB.ReceivedEntries > receivedWhileDown, "node B receives over Redis again");
        await AssertStaysRejectedAsync(secondOnB);
    }

    [Fact]
    public async Task NodesStartWhileRedisIsDownAndUseItOnceItIsUp()
    {
        await _redis.StopAsync();
        var cluster = await StartClusterAsync();
        var (_, slug) = await cluster.CreateTenantAsync();
        var client = await cluster.SignUpOnAAsync(slug);
        var sessionId = await client.SessionIdAsync();
        var onB = client.On(cluster.B, frozen: true);
        await onB.SessionIdAsync();
        using (var ready = await cluster.B.HealthAsync())
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await CheckStatusAsync(ready, "redis"));
        }

        await _redis.RestartAsync();
        var channelOnB = cluster.B.Service<RedisRevocationChannel>();
        await _redis.WaitForSubscribersAsync(_channel);
        await cluster.RevokeAsAdminAsync(cluster.A, sessionId);

        await WaitForAsync(() => channelOnB.ReceivedEntries > 0, "node B receives over Redis");
        using var refused = await onB.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            await _database.DisposeAsync();
        }
        finally
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<NodeCluster> StartClusterAsync()
    {
        _cluster = await NodeCluster.StartAsync(_database, _ =>
            RedisClusterFixture.WithRedis(NodeCluster.BaseSettings(_database), _redis, _channel, TimeSpan.FromMilliseconds(250)));
        return _cluster;
    }

    private static async Task AssertStaysRejectedAsync(NodeClient client)
    {
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/api/auth/list-sessions");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    private static async Task<string?> CheckStatusAsync(HttpResponseMessage response, string check)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
