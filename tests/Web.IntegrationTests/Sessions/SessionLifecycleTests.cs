using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Sessions;

public abstract class SessionLifecycleTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ACookieCacheHitCostsNoDatabaseCommand()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        Assert.NotNull(acme.CacheCookie);
        var before = App.Commands.Count;

        for (var i = 0; i < 5; i++)
        {
            await acme.GetSessionAsync();
        }

        Assert.Equal(before, App.Commands.Count);
    }

    [Fact]
    public async Task WithoutTheCacheCookieTheDatabaseDecidesWithOneQuery()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        var before = App.Commands.Count;

        var session = await acme.GetSessionAsync();

        Assert.Equal("alice@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(1, App.Commands.Count - before);
        Assert.NotNull(acme.CacheCookie);
    }

    [Fact]
    public async Task AnExpiredCacheCookieIsRevalidatedAgainstTheDatabase()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        var staleCache = acme.CacheCookie;
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        var before = App.Commands.Count;

        await acme.GetSessionAsync();

        Assert.True(App.Commands.Count > before);
        Assert.NotEqual(staleCache, acme.CacheCookie);
    }

    [Fact]
    public async Task NoRefreshWriteBeforeUpdateAge()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var signedIn = await SessionRowAsync();
        App.Clock.Advance(TimeSpan.FromHours(23));
        acme.Cookies.Remove("ts_session_cache");

        var response = await acme.GetAsync("/api/auth/get-session");

        var row = await SessionRowAsync();
        Assert.Equal(signedIn.ExpiresAt, row.ExpiresAt);
        Assert.Equal(signedIn.UpdatedAt, row.UpdatedAt);
        Assert.DoesNotContain(TestClient.SetCookies(response), c => c.Name == "ts_session");
    }

    [Fact]
    public async Task AfterUpdateAgeOneRequestSlidesTheExpiryAndReissuesTheCookie()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var signedIn = await SessionRowAsync();
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        acme.Cookies.Remove("ts_session_cache");
        var before = App.Commands.Count;

        var response = await acme.GetAsync("/api/auth/get-session");
        var commands = App.Commands.Count - before;
        var second = await acme.GetAsync("/api/auth/get-session");
        acme.Cookies.Remove("ts_session_cache");
        var third = await acme.GetAsync("/api/auth/get-session");

        var row = await SessionRowAsync();
        Assert.Equal(App.Clock.GetUtcNow(), row.UpdatedAt);
        Assert.Equal(App.Clock.GetUtcNow().AddDays(7), row.ExpiresAt);
        Assert.True(row.ExpiresAt > signedIn.ExpiresAt);
        Assert.Equal(2, commands);
        var reissued = Assert.Single(TestClient.SetCookies(response), c => c.Name == "ts_session");
        Assert.Equal(acme.SessionToken, reissued.Value.ToString());
        Assert.InRange(reissued.MaxAge!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.DoesNotContain(TestClient.SetCookies(second), c => c.Name == "ts_session");
        Assert.DoesNotContain(TestClient.SetCookies(third), c => c.Name == "ts_session");
    }

    [Fact]
    public async Task AnIdleSessionExpiresAfterExpiresIn()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        await acme.GetSessionAsync();
        App.Clock.Advance(TimeSpan.FromDays(7));

        var response = await acme.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
        Assert.Equal("SESSION_EXPIRED", Assert.Single(response.Headers.GetValues("X-Session-Ended")));
        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task TheAbsoluteCapHoldsUnderConstantActivity()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var absolute = (await SessionRowAsync()).AbsoluteExpiresAt;

        HttpResponseMessage response;
        var days = 0;
        do
        {
            App.Clock.Advance(TimeSpan.FromHours(12));
            days++;
            response = await acme.GetAsync("/api/auth/list-sessions");
        }
        while (response.StatusCode == HttpStatusCode.OK && days < 100);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(App.Clock.GetUtcNow() >= absolute);
        Assert.True(App.Clock.GetUtcNow() < absolute.AddHours(12));
        Assert.Equal(absolute, (await SessionRowAsync()).ExpiresAt);
    }

    [Fact]
    public async Task WithoutRememberMeTheCookieEndsWithTheBrowserAndTheSessionAfterADay()
    {
        var acme = App.Client("acme");

        var response = await acme.SignInAsync("bob@acme.test", rememberMe: false);

        var cookie = Assert.Single(TestClient.SetCookies(response), c => c.Name == "ts_session" && c.Value.Length > 0);
        Assert.Null(cookie.MaxAge);
        Assert.Null(cookie.Expires);
        var row = await SessionRowAsync();
        Assert.Equal(row.CreatedAt.AddDays(1), row.ExpiresAt);
        Assert.False(row.IsPersistent);
    }

    [Fact]
    public async Task ASuspendedTenantsLiveSessionIsRejectedAtOnceWithTheReason()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        Assert.NotNull(acme.CacheCookie);
        await SuspendAsync("acme", "Unpaid invoice");

        var response = await acme.GetAsync("/api/auth/list-sessions");
        var signIn = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TENANT_SUSPENDED", problem.GetProperty("code").GetString());
        Assert.Equal("Acme Corp is suspended: Unpaid invoice", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
    }

    [Fact]
    public async Task ARenamedTenantReissuesTheCacheWithTheNewName()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        await App.CommitAsync(async (db, store) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == "acme");
            tenant.Rename("Acme Industries");
            store.TenantChanged(tenant.Id);
        });

        var session = await acme.GetSessionAsync();

        Assert.Equal("Acme Industries", session.GetProperty("user").GetProperty("tenant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ARoleChangeReachesAWarmCacheCookieOnTheNextRequest()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await App.CommitAsync(async (db, store) =>
        {
            var admin = await db.Roles.SingleAsync(r => r.Name == Roles.TenantAdmin);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = bobId, RoleId = admin.Id });
            store.UserChanged(bobId);
        });
        var before = App.Commands.Count;

        var session = await bob.GetSessionAsync();

        Assert.Contains(Roles.TenantAdmin, session.GetProperty("user").GetProperty("role").GetString(), StringComparison.Ordinal);
        Assert.True(App.Commands.Count > before, "the warm cache cookie was trusted after the role change");
        Assert.Null((await App.SessionRowAsync(await bob.SessionIdAsync())).RevokedAt);
    }

    private Task<Session> SessionRowAsync() =>
        App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().SingleAsync());

    private Task SuspendAsync(string slug, string reason) =>
        App.CommitAsync(async (db, store) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == slug);
            tenant.Suspend(reason, App.Clock.GetUtcNow());
            var live = await db.Sessions.IgnoreQueryFilters().Live(App.Clock.GetUtcNow()).Where(s => s.TenantId == tenant.Id).ToListAsync();
            store.RevokeTenant(tenant.Id, live, SessionEnd.By(null, RevokeReasons.TenantSuspended));
            store.TenantChanged(tenant.Id);
        });
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionLifecycleTests(SqliteAppFixture app) : SessionLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionLifecycleTests(PostgresAppFixture app) : SessionLifecycleTests(app);
