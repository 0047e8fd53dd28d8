using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Jobs;

public abstract class SessionPurgeTests(AppFixture app) : IntegrationTest(app)
{
    private int _originalBatchSize;

    private SessionPurgeOptions PurgeOptions => App.Services.GetRequiredService<IOptions<SessionEngineOptions>>().Value.Purge;

    private DateTimeOffset Now => App.Clock.GetUtcNow();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _originalBatchSize = PurgeOptions.BatchSize;
    }

    public override Task DisposeAsync()
    {
        PurgeOptions.BatchSize = _originalBatchSize;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PurgeRemovesOnlyDeadSessionsPastGraceOrRetentionInEveryTenant()
    {
        var mix = await SeedMixAsync();

        var result = await PurgeAsync();

        Assert.True(result.Completed);
        Assert.Equal(mix.Kept.Order(), (await SessionIdsAsync()).Order());
        Assert.Equal(2 * mix.Owners.Count, result.ExpiredSessions);
        Assert.Equal(mix.Owners.Count, result.RevokedSessions);
        Assert.Equal(mix.Owners.Order(), result.Tenants.Select(t => t.TenantId).Order());
        Assert.All(result.Tenants, t => Assert.Equal((2, 1), (t.ExpiredSessions, t.RevokedSessions)));
    }

    [Fact]
    public async Task ASignedInUserKeepsTheirSessionThroughAPurge()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await SeedMixAsync();
        acme.Cookies.Remove("ts_session_cache");

        await PurgeAsync();

        var session = await acme.GetSessionAsync();
        Assert.Equal("alice@acme.test", session.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task BatchesNeverExceedTheConfiguredSize()
    {
        var acme = (await App.TenantAsync("acme")).Id;
        await AddSessionsAsync(10, _ => Row(acme, expiresAt: Now - TimeSpan.FromDays(2)));
        await AddSessionsAsync(2, _ => Row(acme, expiresAt: Now + TimeSpan.FromDays(2)));
        PurgeOptions.BatchSize = 3;
        using var metrics = new PurgeMetrics(App);

        var result = await PurgeAsync();

        Assert.Equal(4, result.Batches);
        Assert.Equal(10, result.ExpiredSessions);
        Assert.Equal([3L, 3L, 3L, 1L], metrics.Measurements.Select(m => m.Count));
        Assert.Equal(2, (await SessionIdsAsync()).Count);
    }

    [Fact]
    public async Task RunningThePurgeTwiceDeletesNothingTheSecondTime()
    {
        var mix = await SeedMixAsync();
        await PurgeAsync();

        var second = await PurgeAsync();

        Assert.True(second.Completed);
        Assert.Equal(0, second.Total);
        Assert.Equal(0, second.Batches);
        Assert.Empty(second.Tenants);
        Assert.Equal(mix.Kept.Order(), (await SessionIdsAsync()).Order());
    }

    [Fact]
    public async Task APurgeStoppedAfterOneBatchIsFinishedByTheNextRun()
    {
        var mix = await SeedMixAsync();
        PurgeOptions.BatchSize = 2;

        var first = await PurgeAsync(maxBatches: 1);
        var afterFirst = await SessionIdsAsync();
        var second = await PurgeAsync();

        Assert.False(first.Completed);
        Assert.Equal(1, first.Batches);
        Assert.Equal(2, first.Total);
        Assert.Equal(mix.Kept.Count + mix.Purged.Count - 2, afterFirst.Count);
        Assert.True(second.Completed);
        Assert.Equal(mix.Purged.Count, first.Total + second.Total);
        Assert.Equal(mix.Kept.Order(), (await SessionIdsAsync()).Order());
    }

    [Fact]
    public async Task APurgeCancelledMidRunKeepsItsCommittedBatchesAndTheNextRunFinishes()
    {
        var mix = await SeedMixAsync();
        PurgeOptions.BatchSize = 2;
        using var cancellation = new CancellationTokenSource();
        using (var metrics = new PurgeMetrics(App))
        {
            metrics.Measured += cancellation.Cancel;

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PurgeAsync(cancellationToken: cancellation.Token));
        }

        var afterCancel = await SessionIdsAsync();
        var second = await PurgeAsync();

        Assert.Equal(mix.Kept.Count + mix.Purged.Count - 2, afterCancel.Count);
        Assert.Equal(mix.Purged.Count - 2, second.ExpiredSessions + second.RevokedSessions);
        Assert.Equal(mix.Kept.Order(), (await SessionIdsAsync()).Order());
    }

    [Fact]
    public async Task PurgedSessionsAreCountedPerTenantInTheMetric()
    {
        var mix = await SeedMixAsync();
        using var metrics = new PurgeMetrics(App);

        await PurgeAsync();

        var perTenant = metrics.Measurements.GroupBy(m => m.Tenant).ToDictionary(g => g.Key, g => g.Sum(m => m.Count));
        var expected = mix.Owners.ToDictionary(o => o?.ToString() ?? SessionMetrics.PlatformTag, _ => 3L);
        Assert.Equal(expected.OrderBy(e => e.Key), perTenant.OrderBy(e => e.Key));
        Assert.Equal(["expired", "revoked"], metrics.Measurements.Select(m => m.Kind).Distinct().Order());
    }

    [Fact]
    public async Task FeedEntriesOlderThanTheCookieCacheWindowArePurgedAndNewerOnesKept()
    {
        var window = App.Services.GetRequiredService<IOptions<SessionEngineOptions>>().Value.CookieCacheMaxAge + PurgeOptions.FeedMargin;
        var old = new RevocationEntry(RevocationKind.Session, Guid.NewGuid(), Now - window - TimeSpan.FromSeconds(1));
        var older = new RevocationEntry(RevocationKind.User, Guid.NewGuid(), Now - TimeSpan.FromDays(3));
        var recent = new RevocationEntry(RevocationKind.Session, Guid.NewGuid(), Now - window + TimeSpan.FromSeconds(1));
        var fresh = new RevocationEntry(RevocationKind.Tenant, Guid.NewGuid(), Now);
        await App.QueryAsync(async db =>
        {
            db.RevocationFeed.AddRange(old, older, recent, fresh);
            return await db.SaveChangesAsync();
        });

        var result = await PurgeAsync();

        Assert.Equal(2, result.FeedEntries);
        var left = await App.QueryAsync(db => db.RevocationFeed.Select(e => e.TargetId).ToListAsync());
        Assert.Equal(new[] { recent.TargetId, fresh.TargetId }.Order(), left.Order());
    }

    /// <summary>
    /// The plan of every batch statement the purge sent, on the app's database as it is (never analysed, as in
    /// production): the rows are found through the <c>(RevokedAt, ExpiresAt)</c> index in its own order — no sort of
    /// every purgeable row — and deleted by row id.
    /// </summary>
    [Fact]
    public async Task EveryBatchFindsItsRowsInIndexOrderAndDeletesThemByRowId()
    {
        await SeedMixAsync();
        List<RecordedCommand> deletes;
        using (var recording = App.Commands.Record())
        {
            await PurgeAsync();
            deletes = recording.Commands.Where(c => c.Text.Contains("DELETE FROM \"Sessions\"", StringComparison.Ordinal)).ToList();
        }

        Assert.Equal(4, deletes.Count);
        foreach (var delete in deletes)
        {
            AssertPlanIsIndexOrderedAndByRowId(await ExplainAsync(delete));
        }
    }

    protected abstract Task<string> ExplainAsync(RecordedCommand command);

    protected abstract void AssertPlanIsIndexOrderedAndByRowId(string plan);

    private async Task<PurgeResult> PurgeAsync(int? maxBatches = null, CancellationToken cancellationToken = default)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeExpiredSessionsCommand(maxBatches), cancellationToken);
    }

    private Task<List<Guid>> SessionIdsAsync() =>
        App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => s.Id).ToListAsync());

    /// <summary>
    /// In acme, globex, initech and the platform: a live session, one expired within the grace period and one
    /// revoked recently (kept); one expired past grace, one that slid up to its absolute cap and one revoked before the
    /// retention period (purged).
    /// </summary>
    private async Task<Mix> SeedMixAsync()
    {
        var grace = PurgeOptions.Grace;
        var retention = App.Services.GetRequiredService<IOptions<SessionEngineOptions>>().Value.HistoryRetention;
        var owners = new List<Guid?> { null };
        foreach (var slug in new[] { "acme", "globex", "initech" })
        {
            owners.Add((await App.TenantAsync(slug)).Id);
        }

        var kept = new List<Session>();
        var purged = new List<Session>();
        foreach (var owner in owners)
        {
            kept.Add(Row(owner, expiresAt: Now + TimeSpan.FromDays(1)));
            kept.Add(Row(owner, expiresAt: Now - grace + TimeSpan.FromMinutes(1)));
            kept.Add(Row(owner, expiresAt: Now - TimeSpan.FromDays(3), revokedAt: Now - retention + TimeSpan.FromHours(1)));
            purged.Add(Row(owner, expiresAt: Now - grace - TimeSpan.FromMinutes(1)));
            purged.Add(Row(owner, expiresAt: Now - grace - TimeSpan.FromMinutes(1), absoluteExpiresAt: Now - grace - TimeSpan.FromMinutes(1)));
            purged.Add(Row(owner, expiresAt: Now - retention, revokedAt: Now - retention - TimeSpan.FromHours(1)));
        }

        await App.QueryAsync(async db =>
        {
            db.Sessions.AddRange(kept.Concat(purged));
            return await db.SaveChangesAsync();
        });
        return new Mix(owners, kept.Select(s => s.Id).ToList(), purged.Select(s => s.Id).ToList());
    }

    private Task AddSessionsAsync(int count, Func<int, Session> row) =>
        App.QueryAsync(async db =>
        {
            db.Sessions.AddRange(Enumerable.Range(0, count).Select(row));
            return await db.SaveChangesAsync();
        });

    private Session Row(Guid? tenantId, DateTimeOffset expiresAt, DateTimeOffset? absoluteExpiresAt = null, DateTimeOffset? revokedAt = null)
    {
        var issuedAt = (revokedAt ?? expiresAt) - TimeSpan.FromDays(7);
        var session = new Session(
            Guid.CreateVersion7(issuedAt),
            RandomNumberGenerator.GetBytes(32),
            tenantId,
            Guid.NewGuid(),
            new SessionLifetime(issuedAt, expiresAt, absoluteExpiresAt ?? expiresAt + TimeSpan.FromDays(20)),
            "203.0.113.7",
            "Mozilla/5.0",
            "Firefox on Linux",
            isPersistent: true);
        if (revokedAt is { } at)
        {
            session.Revoke(at, null, RevokeReasons.SignedOut);
        }

        return session;
    }

    private sealed record Mix(IReadOnlyList<Guid?> Owners, IReadOnlyList<Guid> Kept, IReadOnlyList<Guid> Purged);

    /// <summary>Listens to this app's <c>tenantsessions.sessions.purged</c> counter (not another fixture's).</summary>
    private sealed class PurgeMetrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Tenant, string Kind, long Count)> _measurements = [];

        public PurgeMetrics(AppFixture app)
        {
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            _ = app.Services.GetRequiredService<SessionMetrics>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == SessionMetrics.SessionsPurged)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? tenant = null, kind = null;
                foreach (var tag in tags)
                {
                    tenant = tag.Key == "tenant" ? tag.Value as string : tenant;
                    kind = tag.Key == "kind" ? tag.Value as string : kind;
                }

                lock (_measurements)
                {
                    _measurements.Add((tenant ?? "", kind ?? "", value));
                }

                Measured?.Invoke();
            });
            _listener.Start();
        }

        public event Action? Measured;

        public IReadOnlyList<(string Tenant, string Kind, long Count)> Measurements
        {
            get
            {
                lock (_measurements)
                {
                    return _measurements.ToList();
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionPurgeTests(SqliteAppFixture app) : SessionPurgeTests(app)
{
    protected override async Task<string> ExplainAsync(RecordedCommand command)
    {
        await using var connection = new SqliteConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join('\n', plan);
    }

    protected override void AssertPlanIsIndexOrderedAndByRowId(string plan)
    {
        Assert.True(plan.Contains("SEARCH Sessions USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("USING COVERING INDEX IX_Sessions_RevokedAt_ExpiresAt", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("TEMP B-TREE", StringComparison.Ordinal), plan);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionPurgeTests(PostgresAppFixture app) : SessionPurgeTests(app)
{
    /// <summary>With sequential scans priced out, a plan that cannot use the index's order has to sort.</summary>
    protected override async Task<string> ExplainAsync(RecordedCommand command)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using (var setting = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await setting.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + command.Text, connection);
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }

    protected override void AssertPlanIsIndexOrderedAndByRowId(string plan)
    {
        Assert.True(plan.Contains("Tid Scan on \"Sessions\"", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Index Scan using \"IX_Sessions_RevokedAt_ExpiresAt\"", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Sort", StringComparison.Ordinal), plan);
    }
}
