namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>Two nodes on one PostgreSQL database, revocations crossing by polling only (250 ms).</summary>
public sealed class PollingClusterFixture : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public NodeCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        Cluster = await NodeCluster.StartAsync(_database, _ => NodeCluster.BaseSettings(_database));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// Two nodes on one PostgreSQL database and a Redis of their own: revocations cross by pub/sub, with polling slowed
/// to once a second as the safety net (so a sub-second result is Redis's doing).
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public NodeCluster Cluster { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        await _database.CreateAsync();
        var channel = $"tenantsessions-test:{Guid.NewGuid():N}";
        Cluster = await NodeCluster.StartAsync(_database, _ => WithRedis(NodeCluster.BaseSettings(_database), Redis, channel, TimeSpan.FromSeconds(1)));
        await Redis.WaitForSubscribersAsync(channel);
    }

    public static Dictionary<string, string?> WithRedis(Dictionary<string, string?> settings, RedisServer redis, string channel, TimeSpan pollInterval)
    {
        settings["Redis:Configuration"] = redis.Configuration;
        settings["Revocation:RedisChannel"] = channel;
        settings["Revocation:PollInterval"] = pollInterval.ToString();
        settings["Revocation:MaxLag"] = (pollInterval * 3).ToString();
        return settings;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }

            await _database.DisposeAsync();
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }
}
