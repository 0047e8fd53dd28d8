using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.SecondFactors;

/// <summary>The per-workspace requirement, the enrolment gate after the password, and the admin's reset of a member's second factor.</summary>
public abstract class TwoFactorAdministrationTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ChangingTheRequirementNeedsATenantAdminWithAFreshSession()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var member = await bob.PutJsonAsync("/api/auth/admin/two-factor-requirement", new { requirement = "everyone" });
        var invalid = await alice.PutJsonAsync("/api/auth/admin/two-factor-requirement", new { requirement = "sometimes" });
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var stale = await alice.PutJsonAsync("/api/auth/admin/two-factor-requirement", new { requirement = "admins" });

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(TwoFactorRequirement.Optional, (await App.TenantAsync("acme")).TwoFactorRequirement);
        await alice.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        var saved = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/two-factor-requirement", new { requirement = "admins" }));
        Assert.Equal("admins", saved.GetProperty("requirement").GetString());
        Assert.Equal("admins", (await JsonAsync(await alice.GetAsync("/api/auth/admin/two-factor-requirement"))).GetProperty("requirement").GetString());
        Assert.Equal(TwoFactorRequirement.Optional, (await App.TenantAsync("globex")).TwoFactorRequirement);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.TwoFactorRequirementChanged && e.Detail == "Admins")));
    }

    [Fact]
    public async Task AnAdminWhoMustEnrolGetsNoSessionUntilEnrolledAndAMemberIsNotAsked()
    {
        await RequireAsync("acme", "admins");
        var laptop = App.Client("acme");

        var signIn = await laptop.SignInAsync("alice@acme.test");

        Assert.Equal("""{"twoFactorRedirect":true,"twoFactorSetup":true}""", await signIn.Content.ReadAsStringAsync());
        Assert.Null(laptop.SessionToken);
        Assert.Null(laptop.CacheCookie);
        Assert.Equal("null", await (await laptop.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/auth/admin/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/admin/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/account/security")).StatusCode);
        var wrongRoute = await laptop.VerifyBackupCodeAsync("aaaa-bbbb-cccc");
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(wrongRoute));

        var again = App.Client("acme");
        await again.PasswordOnlyAsync("alice@acme.test");
        var setup = Authenticator.FromSetup(await JsonAsync(await again.PostJsonAsync("/api/auth/two-factor/enable", new { })));
        var enrolled = await again.VerifyTotpAsync(setup.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(AuthenticationMethods.PasswordAndTotp, (await App.SessionRowAsync(await again.SessionIdAsync())).AuthenticationMethod);
        Assert.True((await App.UserAsync("alice@acme.test")).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/admin/members")).StatusCode);
        var bob = App.Client("acme");
        Assert.True((await JsonAsync(await bob.SignInAsync("bob@acme.test"))).TryGetProperty("token", out _));
        Assert.NotNull(bob.SessionToken);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = App.Client("acme");
        Assert.Equal("""{"twoFactorRedirect":true}""", await (await next.SignInAsync("alice@acme.test")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWorkspaceRequiringEveryoneAsksMembersToo()
    {
        await RequireAsync("acme", "everyone");

        var bob = App.Client("acme");
        var signIn = await bob.SignInAsync("bob@acme.test");

        Assert.Equal("""{"twoFactorRedirect":true,"twoFactorSetup":true}""", await signIn.Content.ReadAsStringAsync());
        Assert.Null(bob.SessionToken);
        var carol = App.Client("globex");
        Assert.True((await JsonAsync(await carol.SignInAsync("carol@globex.test"))).TryGetProperty("token", out _));
    }

    [Fact]
    public async Task SomeoneTheWorkspaceRequiresCannotTurnTheirSecondFactorOff()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var authenticator = await bob.EnableTotpAsync(App);
        await RequireAsync("acme", "everyone");

        var refused = await bob.PostJsonAsync("/api/auth/two-factor/disable", new { code = authenticator.CodeAt(App.Clock.GetUtcNow()) });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("TWO_FACTOR_REQUIRED", await CodeOf(refused));
        Assert.True((await App.UserAsync("bob@acme.test")).TwoFactorEnabled);
    }

    [Fact]
    public async Task AnAdminResetsAMembersSecondFactorEndingAllTheirSessionsWithAnAuditEvent()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.EnableTotpAsync(App);
        await bob.WarmCacheAsync(App);
        var bobCache = bob.CacheCookie;
        var bobToken = bob.SessionToken;
        var pendingPhone = App.Client("acme");
        await pendingPhone.PasswordOnlyAsync("bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");

        var reset = await alice.PostJsonAsync("/api/auth/admin/reset-two-factor", new { userId = bobUser.Id });

        Assert.Equal("""{"success":true}""", await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Replay(bob, bobToken, bobCache).GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.False((await App.UserAsync("bob@acme.test")).TwoFactorEnabled);
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Live(App.Clock.GetUtcNow()).CountAsync(s => s.UserId == bobUser.Id)));
        Assert.Equal(0, await App.QueryAsync(db => db.PendingSignIns.IgnoreQueryFilters().CountAsync()));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e =>
            e.Action == AuditActions.TwoFactorReset && e.TargetUserId == bobUser.Id && e.ActorUserId != bobUser.Id)));
        Assert.Contains(App.Logs.Lines, m => m.Contains("Notice due", StringComparison.Ordinal) && m.Contains(bobUser.Id.ToString(), StringComparison.Ordinal));
        var again = App.Client("acme");
        Assert.True((await JsonAsync(await again.SignInAsync("bob@acme.test"))).TryGetProperty("token", out _));
    }

    [Fact]
    public async Task ResettingASecondFactorNeedsAFreshSessionAndStaysInsideTheWorkspace()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.EnableTotpAsync(App);
        var bobUser = await App.UserAsync("bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var foreign = await carol.PostJsonAsync("/api/auth/admin/reset-two-factor", new { userId = bobUser.Id });
        var member = await bob.PostJsonAsync("/api/auth/admin/reset-two-factor", new { userId = bobUser.Id });
        var afterRefused = await App.SnapshotAsync();
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await alice.GetSessionAsync();
        var beforeStale = await App.SnapshotAsync();
        var stale = await alice.PostJsonAsync("/api/auth/admin/reset-two-factor", new { userId = bobUser.Id });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(before, afterRefused);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(beforeStale, await App.SnapshotAsync());
        Assert.True((await App.UserAsync("bob@acme.test")).TwoFactorEnabled);
    }

    [Fact]
    public async Task TheSuperadminMustEnrolOnThePlatformHostWhenThePlatformRequiresIt()
    {
        var configuration = App.Services.GetRequiredService<IConfiguration>();
        var relaxed = App.PlatformClient();
        var relaxedSignIn = await relaxed.SignInAsync("root@platform.test");
        configuration["TwoFactor:RequireForSuperadmins"] = "true";
        try
        {
            var root = App.PlatformClient();

            var signIn = await root.SignInAsync("root@platform.test");

            Assert.Equal("""{"twoFactorRedirect":true,"twoFactorSetup":true}""", await signIn.Content.ReadAsStringAsync());
            Assert.Null(root.SessionToken);
            Assert.True((await JsonAsync(relaxedSignIn)).TryGetProperty("token", out _));
        }
        finally
        {
            configuration["TwoFactor:RequireForSuperadmins"] = "false";
        }
    }

    private async Task RequireAsync(string slug, string requirement)
    {
        var admin = await App.SignedInAsync(slug, slug == "acme" ? "alice@acme.test" : "carol@globex.test");
        await JsonAsync(await admin.PutJsonAsync("/api/auth/admin/two-factor-requirement", new { requirement }));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTwoFactorAdministrationTests(SqliteAppFixture app) : TwoFactorAdministrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTwoFactorAdministrationTests(PostgresAppFixture app) : TwoFactorAdministrationTests(app);
