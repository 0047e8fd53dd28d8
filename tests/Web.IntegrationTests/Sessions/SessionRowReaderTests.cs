using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.Validation;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>
/// The database path's kept contexts: never more than <see cref="SessionRowReader.MaxContexts"/> (a read beyond them
/// waits for one), and reused rather than rebuilt. Each read here is a real query on the provider's database.
/// </summary>
public abstract class SessionRowReaderTests(AppFixture app) : IntegrationTest(app)
{
    private SessionRowReader Reader => App.Services.GetRequiredService<SessionRowReader>();

    [Fact]
    public async Task ReadsBeyondTheBoundWaitForAKeptContextInsteadOfBuildingMore()
    {
        var readers = SessionRowReader.MaxContexts + 8;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var contexts = new ConcurrentDictionary<AppDbContext, byte>(ReferenceEqualityComparer.Instance);
        var inFlight = 0;
        var mostInFlight = 0;

        async Task<int> Read(AppDbContext db, int _, CancellationToken cancellationToken)
        {
            contexts.TryAdd(db, 0);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            var count = await db.Tenants.IgnoreQueryFilters().CountAsync(cancellationToken);
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
            return count;
        }

        var reads = Enumerable.Range(0, readers).Select(i => Task.Run(() => Reader.ReadAsync(i, Read, CancellationToken.None))).ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref inFlight) < SessionRowReader.MaxContexts)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"only {Volatile.Read(ref inFlight)} reads started");
            await Task.Yield();
        }

        Assert.Equal(SessionRowReader.MaxContexts, Volatile.Read(ref inFlight));
        Assert.DoesNotContain(reads, r => r.IsCompleted);

        gate.SetResult();
        var counts = await Task.WhenAll(reads);

        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(SessionRowReader.MaxContexts, Volatile.Read(ref mostInFlight));
        Assert.True(contexts.Count <= SessionRowReader.MaxContexts, $"{contexts.Count} contexts for {readers} reads");

        var seen = contexts.Count;
        await Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(() => Reader.ReadAsync(i, Read, CancellationToken.None))));
        Assert.Equal(seen, contexts.Count);
    }

    [Fact]
    public async Task TheDatabasePathReadsRowAndRolesInOneCommandThatTheInterceptorsSee()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var noCache = App.Replay(bob, bob.SessionToken, null);

        System.Text.Json.JsonElement session;
        List<RecordedCommand> commands;
        using (var recording = App.Commands.Record())
        {
            session = await noCache.GetSessionAsync();
            commands = [.. recording.Commands];
        }

        var read = Assert.Single(commands, c => c.Text.Contains("Sessions", StringComparison.Ordinal) && c.Text.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Roles", read.Text, StringComparison.Ordinal);
        Assert.Equal("bob@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("acme", session.GetProperty("user").GetProperty("tenant").GetProperty("slug").GetString());
        Assert.Equal("Member", session.GetProperty("user").GetProperty("role").GetString());
        Assert.NotNull(noCache.CacheCookie);
    }

    [Fact]
    public async Task AReadThatFailsDoesNotLoseItsSlot()
    {
        for (var i = 0; i < SessionRowReader.MaxContexts + 4; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                Reader.ReadAsync<int, int>(i, static (_, _, _) => throw new InvalidOperationException("the read failed"), CancellationToken.None));
        }

        var count = await Reader.ReadAsync(0, static (db, _, cancellationToken) => db.Tenants.IgnoreQueryFilters().CountAsync(cancellationToken), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(count > 0);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionRowReaderTests(SqliteAppFixture app) : SessionRowReaderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionRowReaderTests(PostgresAppFixture app) : SessionRowReaderTests(app)
{
    /// <summary>
    /// On PostgreSQL the kept contexts' connections multiplex over a few physical ones (ADR-015): every read below is in
    /// flight at once, yet the server sees at most that many connections of the session reads.
    /// </summary>
    [Fact]
    public async Task ConcurrentDatabasePathReadsShareAFewPhysicalConnections()
    {
        var reader = App.Services.GetRequiredService<SessionRowReader>();
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var noCache = App.Replay(bob, bob.SessionToken, null);
        var session = await noCache.GetSessionAsync();
        var sessionId = session.GetProperty("session").GetProperty("id").GetGuid();

        var rows = await Task.WhenAll(Enumerable.Range(0, 4 * SessionRowReader.MaxContexts)
            .Select(_ => Task.Run(() => reader.ReadRowAsync(sessionId, CancellationToken.None))));

        Assert.All(rows, row => Assert.Equal("bob@acme.test", row?.Email));
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connections = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE {"%" + SessionEngineServices.RowReaderApplicationSuffix}")
            .SingleAsync();
        Assert.InRange(connections, 1, SessionEngineServices.RowReaderPostgresConnections);
    }
}
