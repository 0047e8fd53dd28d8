using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Admin;

/// <summary>
/// The session policy form's semantics: inherited values resolve to fit the ones set, a tightened policy applies to the
/// sessions live now (recorded as the workspace policy), its impact can be previewed, and the device cap ends exactly
/// as many sessions as needed.
/// </summary>
public abstract class SessionPolicySemanticsTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ALifetimeOfOneHourAloneSavesWithTheInheritedValuesResolvedToFit()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var saved = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { expiresIn = 3600 }));

        var effective = saved.GetProperty("effective");
        Assert.Equal(3600, effective.GetProperty("expiresIn").GetInt64());
        Assert.Equal(514, effective.GetProperty("updateAge").GetInt64());
        Assert.Equal(30 * 86400, effective.GetProperty("absoluteLifetime").GetInt64());
        Assert.Equal(JsonValueKind.Null, saved.GetProperty("tenant").GetProperty("updateAge").ValueKind);
        var again = await JsonAsync(await alice.GetAsync("/api/auth/admin/session-policy"));
        Assert.Equal(514, again.GetProperty("effective").GetProperty("updateAge").GetInt64());
    }

    [Fact]
    public async Task AnAbsoluteLifetimeAloneBelowTheDefaultLifetimeSavesAndBringsTheLifetimeDown()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var saved = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { absoluteLifetime = 7200 }));

        var effective = saved.GetProperty("effective");
        Assert.Equal(7200, effective.GetProperty("absoluteLifetime").GetInt64());
        Assert.Equal(7200, effective.GetProperty("expiresIn").GetInt64());
        Assert.True(effective.GetProperty("updateAge").GetInt64() <= 7200);
    }

    [Fact]
    public async Task ValuesThatWereSetAndContradictEachOtherAreStillRefused()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var refused = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { expiresIn = 3600, updateAge = 7200 });

        var problem = await JsonAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("refresh interval cannot be longer", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AShorterLifetimeEndsIdleSessionsAndShortensActiveOnesAtSaveEvenWithAWarmCache()
    {
        var idle = await App.SignedInAsync("acme", "bob@acme.test");
        await idle.WarmCacheAsync(App);
        var idleId = await idle.SessionIdAsync();
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolBefore = await App.SessionRowAsync(await carol.SessionIdAsync());
        App.Clock.Advance(TimeSpan.FromHours(2));
        var active = await App.SignedInAsync("acme", "bob@acme.test");
        await active.WarmCacheAsync(App);
        var activeId = await active.SessionIdAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var saved = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { expiresIn = 3600 }));

        var applied = saved.GetProperty("applied");
        Assert.Equal(1, applied.GetProperty("sessionsEnding").GetInt32());
        Assert.Equal(2, applied.GetProperty("sessionsShortened").GetInt32());
        Assert.False(applied.GetProperty("includesCurrentSession").GetBoolean());
        var ended = await App.SessionRowAsync(idleId);
        Assert.Equal(RevokeReasons.WorkspacePolicy, ended.RevokeReason);
        Assert.Null(ended.RevokedBy);
        var refused = await idle.GetAsync("/api/auth/get-session");
        Assert.Equal("null", await refused.Content.ReadAsStringAsync());
        Assert.Equal(RevokeReasons.WorkspacePolicy, Assert.Single(refused.Headers.GetValues("X-Session-Ended-Reason")));
        var shortened = await App.SessionRowAsync(activeId);
        Assert.Equal(shortened.LastSeenAt.AddHours(1), shortened.ExpiresAt);
        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(carolBefore.ExpiresAt, (await App.SessionRowAsync(carolBefore.Id)).ExpiresAt);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.TargetSessionId == idleId && e.Action == AuditActions.SessionRevoked));
        Assert.Null(audit.ActorUserId);
    }

    [Fact]
    public async Task AShorterAbsoluteLifetimeCapsExistingSessionsFromTheirSignIn()
    {
        var old = await App.SignedInAsync("acme", "bob@acme.test");
        var oldId = await old.SessionIdAsync();
        App.Clock.Advance(TimeSpan.FromHours(3));
        await KeepActiveAsync(old);
        var recent = await App.SignedInAsync("acme", "bob@acme.test");
        var recentRow = await App.SessionRowAsync(await recent.SessionIdAsync());
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { absoluteLifetime = 7200 }));

        Assert.Equal(RevokeReasons.WorkspacePolicy, (await App.SessionRowAsync(oldId)).RevokeReason);
        var capped = await App.SessionRowAsync(recentRow.Id);
        Assert.Equal(recentRow.CreatedAt.AddHours(2), capped.AbsoluteExpiresAt);
        Assert.True(capped.ExpiresAt <= capped.AbsoluteExpiresAt);
        App.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await recent.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task ALowerDeviceCapEndsTheOldestSessionsOverItAtSaveAndTheNextSignInEndsExactlyOne()
    {
        var bob = await App.UserAsync("bob@acme.test");
        var devices = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            devices.Add(await App.SignedInAsync("acme", "bob@acme.test"));
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var saved = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { maxConcurrentSessions = 2, concurrentSessionAction = "endOldest" }));
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var fourth = await App.SignedInAsync("acme", "bob@acme.test");

        Assert.Equal(1, saved.GetProperty("applied").GetProperty("sessionsEnding").GetInt32());
        Assert.Equal(1, saved.GetProperty("applied").GetProperty("peopleOverCap").GetInt32());
        var rows = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.UserId == bob.Id).OrderBy(s => s.CreatedAt).ToListAsync());
        Assert.Equal(
            new string?[] { RevokeReasons.WorkspacePolicy, RevokeReasons.ConcurrencyLimit, null, null },
            rows.Select(r => r.RevokeReason).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await devices[2].GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fourth.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheRefusalNamesTheWorkspacesCap()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { maxConcurrentSessions = 2, concurrentSessionAction = "refuseNew" }));
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var refused = await App.Client("acme").SignInAsync("bob@acme.test");

        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("You are already signed in on 2 devices, the most this workspace allows. Sign out on one of them first.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ThePreviewCountsWhatSavingWouldDoAndChangesNothing()
    {
        for (var i = 0; i < 3; i++)
        {
            await App.SignedInAsync("acme", "bob@acme.test");
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        App.Clock.Advance(TimeSpan.FromHours(2));
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var preview = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/session-policy/preview", new { expiresIn = 3600, maxConcurrentSessions = 1 }));
        var invalid = await alice.PostJsonAsync("/api/auth/admin/session-policy/preview", new { expiresIn = 3600, updateAge = 7200 });

        Assert.Equal(3 + 1, preview.GetProperty("sessionsEnding").GetInt32());
        Assert.Equal(2, preview.GetProperty("sessionsShortened").GetInt32());
        Assert.Equal(1, preview.GetProperty("peopleOverCap").GetInt32());
        Assert.False(preview.GetProperty("includesCurrentSession").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    private static async Task KeepActiveAsync(TestClient client)
    {
        client.Cookies.Remove("ts_session_cache");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/list-sessions")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionPolicySemanticsTests(SqliteAppFixture app) : SessionPolicySemanticsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionPolicySemanticsTests(PostgresAppFixture app) : SessionPolicySemanticsTests(app);
