using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>A tenant's session policy, set through the admin API, is what the session engine enforces — at once, for that tenant only.</summary>
public abstract class TenantPolicyEnforcementTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ATenantWithAOneHourLifetimeReallyExpiresIdleSessionsAtOneHour()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { expiresIn = 3600, updateAge = 600 });
        var idle = await App.SignedInAsync("acme", "bob@acme.test");
        await idle.WarmCacheAsync(App);
        var active = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var idleRow = await App.SessionRowAsync(await idle.SessionIdAsync());
        var carolRow = await App.SessionRowAsync(await carol.SessionIdAsync());

        App.Clock.Advance(TimeSpan.FromMinutes(50));
        await active.GetSessionAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromHours(1), idleRow.ExpiresAt - idleRow.CreatedAt);
        Assert.Equal(TimeSpan.FromDays(7), carolRow.ExpiresAt - carolRow.CreatedAt);
        var expired = await idle.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("SESSION_EXPIRED", await CodeOf(expired));
        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheTenantsAbsoluteLifetimeHoldsUnderConstantActivity()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { expiresIn = 3600, updateAge = 300, absoluteLifetime = 7200 });
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var row = await App.SessionRowAsync(await bob.SessionIdAsync());

        for (var minutes = 20; minutes < 120; minutes += 20)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(20));
        var capped = await bob.GetAsync("/api/auth/list-sessions");

        Assert.Equal(TimeSpan.FromHours(2), row.AbsoluteExpiresAt - row.CreatedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, capped.StatusCode);
        Assert.Equal("SESSION_EXPIRED", await CodeOf(capped));
    }

    [Fact]
    public async Task TheConcurrencyCapEndsTheOldestSession()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { maxConcurrentSessions = 2, concurrentSessionAction = "endOldest" });
        var first = await App.SignedInAsync("acme", "bob@acme.test");
        await first.WarmCacheAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        var third = await App.SignedInAsync("acme", "bob@acme.test");

        var ended = await first.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Equal("SESSION_REVOKED", await CodeOf(ended));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        var revoked = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().SingleAsync(s => s.RevokedAt != null));
        Assert.Equal(RevokeReasons.ConcurrencyLimit, revoked.RevokeReason);
    }

    [Fact]
    public async Task TheConcurrencyCapCanRefuseTheNewSignInInstead()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { maxConcurrentSessions = 1, concurrentSessionAction = "refuseNew" });
        var first = await App.SignedInAsync("acme", "bob@acme.test");
        var second = App.Client("acme");

        var refused = await second.SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("CONCURRENT_SESSION_LIMIT", await CodeOf(refused));
        Assert.Null(second.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/auth/list-sessions")).StatusCode);
        var bob = await App.UserAsync("bob@acme.test");
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.UserId == bob.Id)));

        await first.PostJsonAsync("/api/auth/sign-out", null);
        Assert.Equal(HttpStatusCode.OK, (await second.SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task TheTenantsFreshAgeDecidesWhenAStepUpIsNeeded()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await SetPolicyAsync(alice, new { freshAge = 600 });
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var bob = await App.UserAsync("bob@acme.test");
        var carolUser = await App.UserAsync("carol@globex.test");

        App.Clock.Advance(TimeSpan.FromMinutes(11));
        var aliceRefused = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bob.Id });
        var carolAllowed = await carol.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = carolUser.Id });

        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(aliceRefused));
        Assert.Equal(HttpStatusCode.OK, carolAllowed.StatusCode);
    }

    private static async Task SetPolicyAsync(TestClient admin, object policy) =>
        await JsonAsync(await admin.PutJsonAsync("/api/auth/admin/session-policy", policy));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTenantPolicyEnforcementTests(SqliteAppFixture app) : TenantPolicyEnforcementTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantPolicyEnforcementTests(PostgresAppFixture app) : TenantPolicyEnforcementTests(app);
