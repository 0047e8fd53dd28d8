using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.LastSeen;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>
/// A workspace's idle timeout (<c>idleTimeout</c>): a session not used for that long is refused with <c>IDLE_TIMEOUT</c>
/// and ended through the store, on the database path and on the cache path, while use within the limit keeps it alive.
/// </summary>
public abstract class IdleTimeoutTests(AppFixture app) : IntegrationTest(app)
{
    private const string SessionsApi = "/api/auth/list-sessions";

    private SessionEngineOptions Options => App.Services.GetRequiredService<IOptions<SessionEngineOptions>>().Value;

    private LastSeenWriteBehind WriteBehind => App.Services.GetRequiredService<LastSeenWriteBehind>();

    private TimeSpan _cookieCacheMaxAge;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _cookieCacheMaxAge = Options.CookieCacheMaxAge;
    }

    public override Task DisposeAsync()
    {
        Options.CookieCacheMaxAge = _cookieCacheMaxAge;
        return base.DisposeAsync();
    }

    [Fact]
    public async Task TheIdleTimeoutIsOffByDefault()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var policy = await JsonAsync(await alice.GetAsync("/api/auth/admin/session-policy"));
        App.Clock.Advance(TimeSpan.FromHours(20));
        var later = await bob.GetAsync(SessionsApi);

        Assert.Null(Options.IdleTimeout);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("tenant").GetProperty("idleTimeout").ValueKind);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("defaults").GetProperty("idleTimeout").ValueKind);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("effective").GetProperty("idleTimeout").ValueKind);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task AnIdleSessionIsRefusedOnTheDatabasePathAndEndedThroughTheStore()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var policy = await SetPolicyAsync(alice, new { idleTimeout = 1800 });
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var sessionId = await bob.SessionIdAsync();
        var replay = App.Replay(bob, bob.SessionToken, cache: null);

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        var refused = await replay.GetAsync(SessionsApi);

        Assert.Equal(1800, policy.GetProperty("tenant").GetProperty("idleTimeout").GetInt64());
        Assert.Equal(1800, policy.GetProperty("effective").GetProperty("idleTimeout").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("IDLE_TIMEOUT", problem.GetProperty("code").GetString());
        Assert.Equal("You were signed out after 30 minutes of inactivity. Sign in again to continue.", problem.GetProperty("detail").GetString());
        var row = await App.SessionRowAsync(sessionId);
        Assert.Equal(RevokeReasons.IdleTimeout, row.RevokeReason);
        Assert.Equal(App.Clock.GetUtcNow(), row.RevokedAt);
        Assert.Null(row.RevokedBy);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == sessionId)));
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.TargetSessionId == sessionId && e.Action == AuditActions.SessionRevoked));
        Assert.Equal($"{RevokeReasons.IdleTimeout} ({SessionEnd.WorkspacePolicy})", audit.Detail);
        Assert.Null(audit.ActorUserId);
        Assert.Equal("SESSION_REVOKED", await CodeOf(await bob.GetAsync(SessionsApi)));
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync(SessionsApi)).StatusCode);
    }

    [Fact]
    public async Task OnTheCachePathTheCacheCookieNeverOutlivesTheIdleLimit()
    {
        Options.CookieCacheMaxAge = TimeSpan.FromHours(1);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { idleTimeout = 600 });
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var minted = await bob.GetAsync("/api/auth/get-session");
        var sessionId = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetProperty("id").GetGuid();
        var cacheCookie = TestClient.SetCookies(minted).Single(c => c.Name.Value == Options.CacheCookieName);
        App.Clock.Advance(TimeSpan.FromMinutes(9));
        var before = App.Commands.Count;
        var hit = await bob.GetAsync("/api/auth/get-session");
        var hitCommands = App.Commands.Count - before;
        await WriteBehind.FlushAsync(CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var presented = bob.CacheCookie;
        var refused = await bob.GetAsync(SessionsApi);

        Assert.Equal(TimeSpan.FromMinutes(10), cacheCookie.MaxAge);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(0, hitCommands);
        Assert.NotNull(presented);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("IDLE_TIMEOUT", await CodeOf(refused));
        Assert.Equal(RevokeReasons.IdleTimeout, (await App.SessionRowAsync(sessionId)).RevokeReason);
    }

    [Fact]
    public async Task UseWithinTheLimitKeepsTheSessionAliveOnBothPaths()
    {
        Options.CookieCacheMaxAge = TimeSpan.FromHours(1);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { idleTimeout = 600 });
        var cached = await App.SignedInAsync("acme", "bob@acme.test");
        await cached.WarmCacheAsync(App);
        var uncached = await App.SignedInAsync("acme", "bob@acme.test");
        var uncachedSession = await uncached.SessionIdAsync();

        for (var i = 0; i < 6; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(8));
            Assert.Equal(HttpStatusCode.OK, (await cached.GetAsync(SessionsApi)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await App.Replay(uncached, uncached.SessionToken, cache: null).GetAsync(SessionsApi)).StatusCode);
        }

        await WriteBehind.FlushAsync(CancellationToken.None);
        Assert.Equal(App.Clock.GetUtcNow(), (await App.SessionRowAsync(uncachedSession)).LastSeenAt);
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.RevokedAt != null)));
    }

    [Fact]
    public async Task AUseServedFromTheCacheJustBeforeTheCookieRunsOutCountsOnTheDatabasePath()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { idleTimeout = 300 });
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);

        App.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));
        var before = App.Commands.Count;
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/get-session")).StatusCode);
        Assert.Equal(before, App.Commands.Count);
        App.Clock.Advance(TimeSpan.FromSeconds(20));
        var after = await bob.GetAsync(SessionsApi);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AUseTheDatabasePathDoesNotWriteStillCounts()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { idleTimeout = 300 });
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var sessionId = await bob.SessionIdAsync();
        var signedIn = await App.SessionRowAsync(sessionId);

        App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await App.Replay(bob, bob.SessionToken, cache: null).GetAsync(SessionsApi)).StatusCode);
        var unwritten = await App.SessionRowAsync(sessionId);
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        var after = await App.Replay(bob, bob.SessionToken, cache: null).GetAsync(SessionsApi);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var idle = await App.Replay(bob, bob.SessionToken, cache: null).GetAsync(SessionsApi);

        Assert.Equal(signedIn.LastSeenAt, unwritten.LastSeenAt);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("IDLE_TIMEOUT", await CodeOf(idle));
    }

    [Fact]
    public async Task TheApiRefusesAnIdleTimeoutOutOfBounds()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var tooShort = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { idleTimeout = 60 });
        var longerThanTheLifetime = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { expiresIn = 3600, idleTimeout = 7200 });
        var negative = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { idleTimeout = -5 });

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("Idle timeout must be between 5 minutes and 30 days", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longerThanTheLifetime.StatusCode);
        Assert.Contains("The idle timeout cannot be longer than the session lifetime", await longerThanTheLifetime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Null((await App.TenantAsync("acme")).Policy.IdleTimeout);
    }

    [Fact]
    public async Task ThePolicyPageSetsTheIdleTimeoutAndTheRefusedPersonIsToldWhy()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");

        Assert.Contains("Platform default: off", page.Text("#Input_IdleTimeout_default"), StringComparison.Ordinal);
        Assert.StartsWith("Off", page.Text("[data-testid=effective-idle]"), StringComparison.Ordinal);
        var after = await alice.SubmitAndFollowAsync(page, "[data-testid=policy]", Form(("Input.IdleTimeout", "15"), ("Input.IdleTimeoutUnit", "minutes")));

        Assert.Equal(TimeSpan.FromMinutes(15), (await App.TenantAsync("acme")).Policy.IdleTimeout);
        Assert.Equal(("15", "minutes"), (after.QuerySelector("#Input_IdleTimeout")?.GetAttribute("value"), after.QuerySelector("#Input_IdleTimeoutUnit option[selected]")?.GetAttribute("value")));
        Assert.Equal("Signed out after 15 minutes without use", after.Text("[data-testid=effective-idle]"));

        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var redirect = await bob.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("reason=IDLE_TIMEOUT", redirect.Location(), StringComparison.Ordinal);
        var signIn = await bob.PageAsync(redirect.Location()!);
        Assert.Equal("You were signed out after 15 minutes of inactivity. Sign in again to continue.", signIn.Text("[data-testid=notice]"));

        await bob.SignInAsync("bob@acme.test");
        var security = await bob.PageAsync("/account/security");
        Assert.Contains("Signed out after inactivity", security.Text("[data-testid=ended-row]"), StringComparison.Ordinal);
        Assert.Equal("Workspace policy", security.Text("[data-testid=ended-row] [data-testid=ended-by]"));
    }

    [Fact]
    public async Task ThePolicyPageShowsAnOutOfBoundsIdleTimeoutNextToTheField()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");

        var response = await alice.SubmitAsync(page, "[data-testid=policy]", Form(("Input.IdleTimeout", "2"), ("Input.IdleTimeoutUnit", "minutes")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await Html.ParseAsync(response);
        Assert.Equal("Idle timeout must be between 5 minutes and 30 days, or empty for the platform default.", result.Text("[data-valmsg-for='Input.IdleTimeout']"));
        Assert.Null((await App.TenantAsync("acme")).Policy.IdleTimeout);
    }

    private static async Task<JsonElement> SetPolicyAsync(TestClient admin, object policy) =>
        await JsonAsync(await admin.PutJsonAsync("/api/auth/admin/session-policy", policy));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIdleTimeoutTests(SqliteAppFixture app) : IdleTimeoutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdleTimeoutTests(PostgresAppFixture app) : IdleTimeoutTests(app);
