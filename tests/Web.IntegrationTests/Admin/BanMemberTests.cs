using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Admin;

public abstract class BanMemberTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ABannedMembersSessionsEndAtOnceAndSignInIsRefused()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var ban = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId });
        var next = await bob.GetAsync("/api/auth/list-sessions");
        var rightPassword = await App.Client("acme").SignInAsync("bob@acme.test");
        var wrongPassword = await App.Client("acme").SignInAsync("bob@acme.test", "not-his-password");

        Assert.Equal(HttpStatusCode.OK, ban.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Equal("SESSION_REVOKED", await SessionTestExtensions.CodeOf(next));
        Assert.Equal(HttpStatusCode.Forbidden, rightPassword.StatusCode);
        Assert.Equal("ACCOUNT_DISABLED", await SessionTestExtensions.CodeOf(rightPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal("INVALID_EMAIL_OR_PASSWORD", await SessionTestExtensions.CodeOf(wrongPassword));
    }

    [Fact]
    public async Task LiftingABanLetsTheMemberSignInButDoesNotReviveOldSessions()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobSession = await bob.SessionIdAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId });

        var unban = await alice.PostJsonAsync("/api/auth/admin/unban-user", new { userId = bobId });
        var signIn = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.OK, unban.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("USER_LOCKED", (await App.SessionRowAsync(bobSession)).RevokeReason);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AnAdminCannotBanSomeoneOfAnotherTenantOrThemselves()
    {
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carolId = (await App.UserAsync("carol@globex.test")).Id;
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;
        var before = await App.SnapshotAsync();

        var foreign = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = carolId });
        var self = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = aliceId });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Null((await App.UserAsync("carol@globex.test")).LockoutEnd);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/get-session")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBanMemberTests(SqliteAppFixture app) : BanMemberTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBanMemberTests(PostgresAppFixture app) : BanMemberTests(app);
