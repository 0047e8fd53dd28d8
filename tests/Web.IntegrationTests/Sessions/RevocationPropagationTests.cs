using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>
/// docs/security-requirements.md case 7: whoever ends a session — its owner, a tenant admin, the superadmin — the old session cookie
/// and the old cookie cache (warmed first, so it would be accepted without the database) are refused on the very
/// next request.
/// </summary>
public abstract class RevocationPropagationTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ASessionRevokedByItsOwnerFromAnotherDeviceIsRejectedWithItsWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var otherDevice = await App.SignedInAsync("acme", "bob@acme.test");

        await JsonAsync(await otherDevice.PostJsonAsync("/api/auth/revoke-session", new { token = await SessionIdOf(victim) }));

        await AssertRejectedAsync(victim, token, cache, "SESSION_REVOKED");
    }

    [Fact]
    public async Task ASessionRevokedByTheTenantAdminIsRejectedWithItsWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await SessionIdOf(victim) }));

        await AssertRejectedAsync(victim, token, cache, "SESSION_REVOKED");
    }

    [Fact]
    public async Task SessionsRevokedByTheTenantAdminInBulkAreRejectedWithTheirWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");

        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bob.Id }));

        await AssertRejectedAsync(victim, token, cache, "SESSION_REVOKED");
    }

    [Fact]
    public async Task SessionsRevokedByTheSuperadminAreRejectedWithTheirWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var root = await App.SignedInAsync("", "root@platform.test");
        var bob = await App.UserAsync("bob@acme.test");

        await JsonAsync(await root.PostJsonAsync($"/api/platform/users/{bob.Id}/revoke-sessions", null));

        await AssertRejectedAsync(victim, token, cache, "SESSION_REVOKED");
    }

    [Fact]
    public async Task ATenantsSessionsRevokedByTheSuperadminAreRejectedWithTheirWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var root = await App.SignedInAsync("", "root@platform.test");
        var acme = await App.TenantAsync("acme");

        await JsonAsync(await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/revoke-sessions", null));

        await AssertRejectedAsync(victim, token, cache, "SESSION_REVOKED");
    }

    [Fact]
    public async Task ASuspendedTenantsSessionsAreRejectedWithTheirWarmCache()
    {
        var (victim, token, cache) = await WarmBobAsync();
        var root = await App.SignedInAsync("", "root@platform.test");
        var acme = await App.TenantAsync("acme");

        await JsonAsync(await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/suspend", new { reason = "Unpaid invoice" }));

        await AssertRejectedAsync(victim, token, cache, "TENANT_SUSPENDED");
    }

    /// <summary>
    /// A step-up (like every user-wide "not before") takes its instant when it starts and commits a moment later. A
    /// request that read the session row in between mints its cache cookie just after the instant, bound to the old
    /// token. With the old token, that cookie must still go to the database, and be refused there.
    /// </summary>
    [Fact]
    public async Task ACacheMintedFromARowReadJustBeforeAStepUpCommittedIsNotTrusted()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");
        var oldToken = bob.SessionToken!;
        var sessionId = await bob.SessionIdAsync();
        await App.CommitAsync((_, store) =>
        {
            store.UserChanged(bobUser.Id);
            return Task.CompletedTask;
        });
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var inBetween = App.Replay(bob, oldToken, null);
        await inBetween.GetSessionAsync();
        var staleCache = inBetween.CacheCookie!;
        await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters()
            .Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.TokenHash, RandomNumberGenerator.GetBytes(32))));
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        var replay = await App.Replay(bob, oldToken, staleCache).GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("null", await replay.Content.ReadAsStringAsync());
    }

    private async Task<(TestClient Client, string Token, string Cache)> WarmBobAsync()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        return (bob, bob.SessionToken!, bob.CacheCookie!);
    }

    private static async Task<Guid> SessionIdOf(TestClient client) => await client.SessionIdAsync();

    private async Task AssertRejectedAsync(TestClient victim, string token, string cache, string code)
    {
        var replay = await App.Replay(victim, token, cache).GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(code, await CodeOf(replay));
        Assert.Contains(TestClient.SetCookies(replay), c => c.Name == "ts_session" && c.Value.Length == 0);
        Assert.Contains(TestClient.SetCookies(replay), c => c.Name == "ts_session_cache" && c.Value.Length == 0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRevocationPropagationTests(SqliteAppFixture app) : RevocationPropagationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRevocationPropagationTests(PostgresAppFixture app) : RevocationPropagationTests(app);
