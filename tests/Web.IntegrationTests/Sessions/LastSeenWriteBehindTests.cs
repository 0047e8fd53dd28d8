using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Infrastructure.SessionEngine.Diagnostics;
using TenantSessions.Infrastructure.SessionEngine.LastSeen;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>"Last active" is true for people served from the cookie cache, with no query on their requests.</summary>
public abstract class LastSeenWriteBehindTests(AppFixture app) : IntegrationTest(app)
{
    private LastSeenWriteBehind WriteBehind => App.Services.GetRequiredService<LastSeenWriteBehind>();

    [Fact]
    public async Task ACacheHitCostsNoQueryAndTheNextFlushWritesLastActive()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var sessionId = await bob.SessionIdAsync();
        await WriteBehind.FlushAsync(CancellationToken.None);
        var signedIn = await App.SessionRowAsync(sessionId);
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var before = App.Commands.Count;

        await bob.GetSessionAsync();

        Assert.Equal(before, App.Commands.Count);
        Assert.Equal(signedIn.LastSeenAt, (await App.SessionRowAsync(sessionId)).LastSeenAt);
        Assert.Equal(1, WriteBehind.Pending);
        Assert.Equal(1, await WriteBehind.FlushAsync(CancellationToken.None));
        Assert.Equal(App.Clock.GetUtcNow(), (await App.SessionRowAsync(sessionId)).LastSeenAt);
        Assert.Equal(0, WriteBehind.Pending);
    }

    [Fact]
    public async Task OneFlushWritesEverySessionWithOneUpdateAndNeverMovesAStampBack()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.WarmCacheAsync(App);
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await carol.WarmCacheAsync(App);
        await WriteBehind.FlushAsync(CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await bob.GetSessionAsync();
        await carol.GetSessionAsync();
        var stale = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await alice.GetSessionAsync();
        var before = App.Commands.Count;

        var counted = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == DatabaseCommandMetrics.Commands)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "source")
                {
                    counted.Enqueue(tag.Value as string);
                }
            }
        });
        listener.Start();

        var written = await WriteBehind.FlushAsync(CancellationToken.None);
        listener.Dispose();

        // The metrics count the flush apart from requests' commands (other tests' commands may be counted meanwhile).
        Assert.Contains(DatabaseCommandMetrics.LastSeenSource, counted);

        Assert.Equal(3, written);
        Assert.Equal(1, App.Commands.Count - before);
        Assert.Equal(App.Clock.GetUtcNow(), (await App.SessionRowAsync(await alice.SessionIdAsync())).LastSeenAt);
        Assert.True((await App.SessionRowAsync(await carol.SessionIdAsync())).LastSeenAt >= stale);
        WriteBehind.Record(await bob.SessionIdAsync(), stale);
        Assert.Equal(0, await WriteBehind.FlushAsync(CancellationToken.None));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLastSeenWriteBehindTests(SqliteAppFixture app) : LastSeenWriteBehindTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLastSeenWriteBehindTests(PostgresAppFixture app) : LastSeenWriteBehindTests(app);
