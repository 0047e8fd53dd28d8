using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>Sensitive operations need a fresh session; step-up re-authentication makes it fresh and rotates the token.</summary>
public abstract class FreshnessTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AStaleSessionMustStepUpBeforeAnAdminRevocationAndTheOldTokenDiesWithTheStepUp()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");
        App.Clock.Advance(PastFreshAge);
        await alice.WarmCacheAsync(App);
        var staleToken = alice.SessionToken;
        var staleCache = alice.CacheCookie;
        var before = await App.SnapshotAsync();

        var refused = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobUser.Id });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(refused));
        Assert.Equal(before, await App.SnapshotAsync());

        var stepUp = await alice.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });

        Assert.Equal("""{"status":true}""", await stepUp.Content.ReadAsStringAsync());
        Assert.NotEqual(staleToken, alice.SessionToken);
        Assert.Null(alice.CacheCookie);
        Assert.Equal("no-store", stepUp.Headers.CacheControl?.ToString());
        var allowed = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobUser.Id });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);

        var replayBoth = await App.Replay(alice, staleToken, staleCache).GetAsync("/api/auth/list-sessions");
        var replayToken = await App.Replay(alice, staleToken, null).GetAsync("/api/auth/get-session");
        Assert.Equal(HttpStatusCode.Unauthorized, replayBoth.StatusCode);
        Assert.Equal("null", await replayToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StepUpKeepsTheSessionIdRotatesTheStoredHashAndResetsAuthenticatedAt()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var id = await alice.SessionIdAsync();
        var original = await App.SessionRowAsync(id);
        App.Clock.Advance(PastFreshAge);

        await alice.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });

        var row = await App.SessionRowAsync(id);
        Assert.False(row.TokenHash.SequenceEqual(original.TokenHash));
        Assert.Equal(App.Clock.GetUtcNow(), row.AuthenticatedAt);
        Assert.Equal(original.AbsoluteExpiresAt, row.AbsoluteExpiresAt);
        Assert.Equal(id, await alice.SessionIdAsync());
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync()));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.Reauthenticated && e.TargetSessionId == id)));
    }

    [Fact]
    public async Task RevokingAllMySessionsNeedsAFreshSession()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(PastFreshAge);
        await bob.WarmCacheAsync(App);
        var before = await App.SnapshotAsync();

        var refused = await bob.PostJsonAsync("/api/auth/revoke-sessions", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(refused));
        Assert.Equal(before, await App.SnapshotAsync());

        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        var allowed = await bob.PostJsonAsync("/api/auth/revoke-sessions", null);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Null(bob.SessionToken);
    }

    [Fact]
    public async Task RevokingOtherSessionsDoesNotNeedAFreshSession()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(PastFreshAge);

        var response = await bob.PostJsonAsync("/api/auth/revoke-other-sessions", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.RevokedAt != null)));
    }

    [Fact]
    public async Task AWrongStepUpPasswordChangesNothingAndIsThrottledWithoutLockingTheAccount()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(PastFreshAge);
        var token = bob.SessionToken;

        var wrong = await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = "not-his-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("INVALID_PASSWORD", await CodeOf(wrong));
        Assert.Equal(token, bob.SessionToken);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(await bob.PostJsonAsync("/api/auth/revoke-sessions", null)));

        for (var i = 0; i < 4; i++)
        {
            await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = "not-his-password" });
        }

        var throttled = await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("TOO_MANY_REQUESTS", await CodeOf(throttled));
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);

        App.Clock.Advance(throttled.Headers.RetryAfter!.Delta!.Value);
        var afterTheWait = await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task StepUpOnThePlatformHostWorksForTheSuperadmin()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var token = root.SessionToken;
        App.Clock.Advance(PastFreshAge);
        var acme = await App.TenantAsync("acme");
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/revoke-sessions", null)));

        var stepUp = await root.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, stepUp.StatusCode);
        Assert.NotEqual(token, root.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/revoke-sessions", null)).StatusCode);
    }

    [Fact]
    public async Task ChangingThePasswordRotatesTheTokenAndEndsTheOtherSessionsWhenAsked()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await phone.WarmCacheAsync(App);
        var id = await bob.SessionIdAsync();
        var oldToken = bob.SessionToken;

        var response = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!", revokeOtherSessions = true });

        var body = await JsonAsync(response);
        Assert.Equal(id, body.GetProperty("token").GetGuid());
        Assert.Equal("bob@acme.test", body.GetProperty("user").GetProperty("email").GetString());
        Assert.NotEqual(oldToken, bob.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        var phoneRefused = await phone.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, phoneRefused.StatusCode);
        Assert.Equal(RevokeReasons.PasswordChanged, (await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().SingleAsync(s => s.RevokedAt != null))).RevokeReason);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", "N3w-passphrase!")).StatusCode);
    }

    [Fact]
    public async Task ChangingThePasswordCanKeepTheOtherSessions()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");

        await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!", revokeOtherSessions = false });

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOneAndAnAcceptableNewOne()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var wrong = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = "nope-nope", newPassword = "N3w-passphrase!" });
        var weak = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "short" });

        Assert.Equal("INVALID_PASSWORD", await CodeOf(wrong));
        Assert.True((await JsonAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task ChangingThePasswordNeedsAFreshSession()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(PastFreshAge);
        await bob.WarmCacheAsync(App);
        var before = await App.SnapshotAsync();

        var stale = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!" });

        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(before, await App.SnapshotAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFreshnessTests(SqliteAppFixture app) : FreshnessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFreshnessTests(PostgresAppFixture app) : FreshnessTests(app);
