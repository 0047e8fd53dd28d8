using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Feed;

/// <summary>
/// The poller's own rules, on a real PostgreSQL feed table written behind the node's back (as another node would):
/// late commits below the watermark, rolled-back ids, trust that runs out, the start-over after a restart. The poll
/// loop is stopped and the feed clock is a <see cref="FakeTimeProvider"/>, so every poll is the test's.
/// </summary>
public sealed class FeedPollerTests(FeedPollerTests.Fixture fixture) : IClassFixture<FeedPollerTests.Fixture>, IAsyncLifetime
{
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(2);

    private AppNode Node => fixture.Node;

    private RevocationFeedPoller Poller => Node.Service<RevocationFeedPoller>();

    private RevocationList List => Node.Service<RevocationList>();

    public async Task InitializeAsync()
    {
        Assert.True(await Poller.PollAsync(CancellationToken.None));
        Assert.Equal(0, Poller.OpenGaps);
    }

    [Fact]
    public async Task AnEntryCommittedAfterAHigherIdWasReadIsStillApplied()
    {
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();
        await using var slow = await fixture.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        var earlyId = await InsertAsync(slow, early, transaction);
        await using var fast = await fixture.OpenAsync();
        var lateId = await InsertAsync(fast, late);

        Assert.True(await Poller.PollAsync(CancellationToken.None));

        Assert.True(lateId > earlyId);
        Assert.True(IsRevoked(late));
        Assert.False(IsRevoked(early));
        Assert.Equal(1, Poller.OpenGaps);

        await transaction.CommitAsync();
        Assert.True(await Poller.PollAsync(CancellationToken.None));

        Assert.True(IsRevoked(early));
        Assert.Equal(0, Poller.OpenGaps);
    }

    [Fact]
    public async Task ARolledBackIdIsReReadOnlyUntilTheGapTimeout()
    {
        await using var connection = await fixture.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await InsertAsync(connection, Guid.NewGuid(), transaction);
            await transaction.RollbackAsync();
        }

        var after = Guid.NewGuid();
        await InsertAsync(connection, after);
        Assert.True(await Poller.PollAsync(CancellationToken.None));
        Assert.True(IsRevoked(after));
        Assert.Equal(1, Poller.OpenGaps);

        fixture.FeedClock.Advance(GapTimeout - TimeSpan.FromSeconds(1));
        Assert.True(await Poller.PollAsync(CancellationToken.None));
        Assert.Equal(1, Poller.OpenGaps);

        fixture.FeedClock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await Poller.PollAsync(CancellationToken.None));
        Assert.Equal(0, Poller.OpenGaps);
    }

    [Fact]
    public async Task CacheHitsAreNotTrustedOnceTheLastCatchUpIsOlderThanMaxLagAndAgainAfterOne()
    {
        var (_, slug) = await fixture.CreateTenantAsync();
        var client = new NodeClient(Node, $"{slug}.localhost");
        await client.SignUpAsync($"trust@{slug}.test");
        await client.SessionIdAsync();
        Assert.True(List.IsTrusted);
        var before = Node.SessionQueries.Count;
        await client.SessionIdAsync();
        Assert.Equal(before, Node.SessionQueries.Count);

        fixture.FeedClock.Advance(MaxLag + TimeSpan.FromMilliseconds(1));

        Assert.False(List.IsTrusted);
        using (var ready = await Node.HealthAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("revocation-feed", await ready.Content.ReadAsStringAsync());
        }

        Assert.True(await Poller.PollAsync(CancellationToken.None));

        Assert.True(List.IsTrusted);
        var afterCatchUp = Node.SessionQueries.Count;
        await client.SessionIdAsync();
        Assert.Equal(afterCatchUp, Node.SessionQueries.Count);
        using (var ready = await Node.HealthAsync())
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    [Fact]
    public async Task ACacheHitThatMeetsAnUntrustedFeedCatchesUpFirstAndStaysOffTheSessionTable()
    {
        var (_, slug) = await fixture.CreateTenantAsync();
        var client = new NodeClient(Node, $"{slug}.localhost");
        await client.SignUpAsync($"catchup@{slug}.test");
        await client.SessionIdAsync();
        var before = Node.SessionQueries.Count;

        fixture.FeedClock.Advance(MaxLag + TimeSpan.FromMilliseconds(1));
        Assert.False(List.IsTrusted);
        await client.SessionIdAsync();

        Assert.Equal(before, Node.SessionQueries.Count);
        Assert.True(List.IsTrusted);
    }

    [Fact]
    public async Task ARevocationFoundByTheOnDemandCatchUpIsHonouredAtOnce()
    {
        var (_, slug) = await fixture.CreateTenantAsync();
        var client = new NodeClient(Node, $"{slug}.localhost");
        await client.SignUpAsync($"revoked@{slug}.test");
        var sessionId = await client.SessionIdAsync();
        fixture.FeedClock.Advance(MaxLag + TimeSpan.FromMilliseconds(1));
        await using (var connection = await fixture.OpenAsync())
        {
            // Written behind the node's back, as another node would: the row and its feed entry.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE "Sessions" SET "RevokedAt" = now(), "RevokeReason" = 'signed_out' WHERE "Id" = @id;
                INSERT INTO "RevocationFeed" ("Kind", "TargetId", "CreatedAt") VALUES (0, @id, now());
                """;
            command.Parameters.AddWithValue("id", sessionId);
            await command.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync("/api/auth/list-sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AfterAStartOverEntriesInsideTheCookieCacheWindowAreAppliedAndOlderOnesAreNot()
    {
        var now = Node.Clock.GetUtcNow();
        var stale = Guid.NewGuid();
        var settled = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await using var connection = await fixture.OpenAsync();
        await InsertAsync(connection, stale, at: now - List.Window - TimeSpan.FromMinutes(1));
        await InsertAsync(connection, settled, at: now - GapTimeout - TimeSpan.FromMinutes(1));
        await InsertAsync(connection, recent, at: now);

        List.Clear();
        Assert.True(await Poller.PollAsync(CancellationToken.None));

        Assert.False(IsRevoked(stale));
        Assert.True(IsRevoked(settled));
        Assert.True(IsRevoked(recent));
    }

    [Fact]
    public async Task ATenantReadThatOverlapsAnInvalidationIsNotCached()
    {
        var (tenantId, slug) = await fixture.CreateTenantAsync();
        var held = fixture.TenantReads.Arm();
        var request = new NodeClient(Node, $"{slug}.localhost").GetAsync("/api/auth/get-session");
        await held;
        await using (var connection = await fixture.OpenAsync())
        {
            await using var suspend = new NpgsqlCommand(
                "UPDATE \"Tenants\" SET \"Status\" = 1, \"Version\" = \"Version\" + 1 WHERE \"Id\" = @id;" +
                "INSERT INTO \"RevocationFeed\" (\"Kind\", \"TargetId\", \"CreatedAt\") VALUES (3, @id, now())", connection);
            suspend.Parameters.AddWithValue("id", tenantId);
            await suspend.ExecuteNonQueryAsync();
        }

        Assert.True(await Poller.PollAsync(CancellationToken.None));
        fixture.TenantReads.Release();
        using var response = await request;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reloaded = await Node.Service<TenantStore>().FindByIdAsync(tenantId, CancellationToken.None);
        Assert.False(reloaded!.IsActive);
    }

    public async Task DisposeAsync()
    {
        fixture.FeedClock.Advance(GapTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await Poller.PollAsync(CancellationToken.None));
        Assert.Equal(0, Poller.OpenGaps);
    }

    private bool IsRevoked(Guid sessionId) => List.IsRevoked(sessionId, Guid.NewGuid(), null, Node.Clock.GetUtcNow());

    private async Task<long> InsertAsync(NpgsqlConnection connection, Guid sessionId, NpgsqlTransaction? transaction = null, DateTimeOffset? at = null)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO \"RevocationFeed\" (\"Kind\", \"TargetId\", \"CreatedAt\") VALUES (0, @target, @at) RETURNING \"Id\"", connection, transaction);
        insert.Parameters.AddWithValue("target", sessionId);
        insert.Parameters.AddWithValue("at", at ?? Node.Clock.GetUtcNow());
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    /// <summary>One node on its own PostgreSQL database, its feed clock fake and its poll loop stopped.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly PostgresTestDatabase _database = new();

        public FakeTimeProvider FeedClock { get; } = new(DateTimeOffset.UtcNow);

        public TenantReadGate TenantReads { get; } = new();

        public AppNode Node { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _database.CreateAsync();
            var settings = NodeCluster.BaseSettings(_database);
            settings["Revocation:Mode"] = "Polling";
            settings["Revocation:GapTimeout"] = GapTimeout.ToString();
            settings["Revocation:MaxLag"] = MaxLag.ToString();
            Node = new AppNode("A", settings, new FakeTimeProvider(DateTimeOffset.UtcNow), services =>
            {
                services.AddKeyedSingleton<TimeProvider>(RevocationFeedOptions.ClockKey, FeedClock);
                services.AddSingleton<IInterceptor>(TenantReads);
            });
            await Node.StartAsync();
            await Node.Service<RevocationFeedPoller>().StopAsync(CancellationToken.None);
        }

        public async Task<NpgsqlConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(_database.ConnectionString);
            await connection.OpenAsync();
            return connection;
        }

        public async Task<(Guid Id, string Slug)> CreateTenantAsync()
        {
            var slug = "t" + Guid.NewGuid().ToString("N")[..12];
            var tenant = new Domain.Tenants.Tenant(Guid.CreateVersion7(), slug, slug, Node.Clock.GetUtcNow());
            tenant.ChangeJoinPolicy(Domain.Tenants.JoinPolicy.Open, []);
            await Node.DbAsync(async db =>
            {
                db.Tenants.Add(tenant);
                return await db.SaveChangesAsync();
            });
            return (tenant.Id, slug);
        }

        public async Task DisposeAsync()
        {
            await Node.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
