using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Accounts;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using TenantSessions.Web.IntegrationTests.SecondFactors;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Account;

/// <summary>
/// Issue 23 item 3, ASVS 7.4.2, docs/security-requirements.md case 36: a person deletes their account
/// (<c>delete-user</c>), an administrator removes one (<c>admin/remove-user</c>). Every session ends at once on every
/// path (a warm cache cookie too), personal data is erased, the audit trail keeps a pseudonym, and e-mailed links die.
/// </summary>
public abstract class AccountDeletionTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task DeletingYourAccountEndsEverySessionAtOnceAWarmCacheCookieOnAnotherDeviceIncluded()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await phone.WarmCacheAsync(App);
        var (phoneToken, phoneCache) = (phone.SessionToken, phone.CacheCookie);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var response = await laptop.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword });

        Assert.Equal("""{"success":true,"message":"User deleted"}""", await response.Content.ReadAsStringAsync());
        Assert.Null(laptop.SessionToken);
        var onPhone = await phone.GetAsync("/api/auth/get-session");
        Assert.Equal("null", await onPhone.Content.ReadAsStringAsync());
        Assert.Equal(RevokeReasons.AccountDeleted, Assert.Single(onPhone.Headers.GetValues("X-Session-Ended-Reason")));
        var replayed = App.Replay(phone, phoneToken, phoneCache);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayed.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal("null", await (await App.Replay(phone, phoneToken, phoneCache).GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        var rows = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.UserId == bobId).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, s => Assert.Equal((RevokeReasons.AccountDeleted, bobId), (s.RevokeReason, s.RevokedBy!.Value)));
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.User && e.TargetId == bobId)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task DeletionErasesThePersonsDataAndTheirSecondFactorsAndTheHistoryNamesAPseudonym()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.EnableTotpAsync(App);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await App.AddPasskeyAsync(bobId, Guid.NewGuid().ToByteArray(), "Laptop");
        await App.Client("acme").PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" });
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "erin@acme.test", role = "Member" }));

        await JsonAsync(await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }));

        var row = await App.QueryAsync(db => db.Users.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Id == bobId));
        var pseudonym = AccountErasure.Pseudonym(bobId);
        Assert.Matches("^Deleted user [0-9a-f]{8}$", pseudonym);
        Assert.Equal(pseudonym, AccountErasure.Pseudonym(bobId));
        Assert.Equal(pseudonym, row.DisplayName);
        Assert.Null(row.Email);
        Assert.Null(row.NormalizedEmail);
        Assert.Null(row.PasswordHash);
        Assert.False(row.TwoFactorEnabled);
        Assert.DoesNotContain("bob", row.UserName!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(App.Clock.GetUtcNow(), row.DeletedAt);
        Assert.Equal(0, await App.QueryAsync(db => db.UserTokens.CountAsync(t => t.UserId == bobId)));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<IdentityUserPasskey<Guid>>().CountAsync(p => p.UserId == bobId)));
        Assert.Equal(0, await App.QueryAsync(db => db.UserRoles.CountAsync(r => r.UserId == bobId)));
        Assert.Equal(0, await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().CountAsync(t => t.UserId == bobId)));
        Assert.Equal(1, await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().CountAsync(t => t.Purpose == AccountTokenPurpose.Invitation)));
        var deleted = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.AccountDeleted));
        Assert.Equal((bobId, bobId), (deleted.ActorUserId!.Value, deleted.TargetUserId!.Value));
        var log = await JsonAsync(await alice.GetAsync($"/api/auth/admin/audit-events?actor={bobId}"));
        var events = log.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("action").GetString() == AuditActions.AccountDeleted && e.GetProperty("label").GetString() == "Account deleted");
        Assert.Contains(events, e => e.GetProperty("action").GetString() == AuditActions.TwoFactorEnabled);
        Assert.All(events, e => Assert.Equal(pseudonym, e.GetProperty("actor").GetProperty("name").GetString()));
        Assert.DoesNotContain("bob@acme.test", log.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var users = await JsonAsync(await alice.GetAsync("/api/auth/admin/list-users"));
        Assert.Equal(1, users.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/auth/admin/get-user?id={bobId}")).StatusCode);
        Assert.DoesNotContain(bobId.ToString(), await (await alice.GetAsync("/api/auth/admin/members")).Content.ReadAsStringAsync());
        await App.DeliverEmailsAsync();
        var mail = Assert.Single(App.Mail.To("bob@acme.test"));
        Assert.Equal("[Acme Corp] Your account was deleted", mail.Subject);
        Assert.Empty(mail.Links());
    }

    [Fact]
    public async Task AResetLinkEmailedBeforeTheDeletionIsRefusedAfterIt()
    {
        var stranger = App.Client("acme");
        await stranger.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" });
        var link = (await App.SingleMailToAsync("bob@acme.test", "Reset your password")).SingleLinkPath();
        var token = link.Split('/', '?')[4];
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        await JsonAsync(await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }));

        var opened = await stranger.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.EndsWith("error=INVALID_TOKEN", opened.Location());
        var reset = await stranger.PostJsonAsync("/api/auth/reset-password", new { newPassword = "N3w-passw0rd!", token });
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Equal("INVALID_TOKEN", await CodeOf(reset));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test", "N3w-passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task TheOnlyAdministratorCannotDeleteTheirAccountAndAWrongOrMissingPasswordLosesNothing()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var sole = await alice.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword });
        var wrong = await bob.PostJsonAsync("/api/auth/delete-user", new { password = "not-my-password" });
        var missing = await bob.PostJsonAsync("/api/auth/delete-user", new { });

        Assert.Equal(HttpStatusCode.Conflict, sole.StatusCode);
        Assert.Equal("SOLE_ADMINISTRATOR", await CodeOf(sole));
        Assert.Contains("only administrator", (await JsonAsync(sole, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal("INVALID_PASSWORD", await CodeOf(wrong));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await JsonAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = (await App.UserAsync("bob@acme.test")).Id, role = "admin" }));
        await JsonAsync(await alice.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }));
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword })).StatusCode);
    }

    [Fact]
    public async Task DeletionNeedsAFreshSessionAndTheSitesOriginAndIsRefusedWhileAnAdministratorActsAsThePerson()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/impersonation-policy", new { adminsMayImpersonate = true, notifyImpersonatedPeople = false }));
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId, reason = "Ticket 7" }));
        var before = await App.SnapshotAsync();

        var foreign = await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }, origin: "http://evil.example");
        var noOrigin = await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }, origin: null);
        var impersonating = await alice.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword });
        var unchanged = await App.SnapshotAsync();
        App.Clock.Advance(PastFreshAge);
        await bob.WarmCacheAsync(App);
        var beforeStale = await App.SnapshotAsync();
        var stale = await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword });

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("INVALID_ORIGIN", await CodeOf(foreign));
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, impersonating.StatusCode);
        Assert.Equal("IMPERSONATION_REFUSED", await CodeOf(impersonating));
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(before, unchanged);
        Assert.Equal(beforeStale, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword })).StatusCode);
        await JsonAsync(await bob.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword }));
    }

    [Fact]
    public async Task AnAdministratorRemovesAMemberWhoseWarmCacheIsRefusedAtOnceAndAnotherWorkspacesIdIsNotFound()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var (aliceId, bobId, carolId) = ((await App.UserAsync("alice@acme.test")).Id, (await App.UserAsync("bob@acme.test")).Id, (await App.UserAsync("carol@globex.test")).Id);
        var before = await App.SnapshotAsync();

        var foreign = await carol.PostJsonAsync("/api/auth/admin/remove-user", new { userId = bobId });
        var missing = await carol.PostJsonAsync("/api/auth/admin/remove-user", new { userId = Guid.NewGuid() });
        var herself = await alice.PostJsonAsync("/api/auth/admin/remove-user", new { userId = aliceId });
        var member = await bob.PostJsonAsync("/api/auth/admin/remove-user", new { userId = aliceId });
        var malformed = await alice.PostJsonAsync("/api/auth/admin/remove-user", new { userId = "bob" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal((await JsonAsync(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), (await JsonAsync(foreign, HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Equal("YOU_CANNOT_REMOVE_YOURSELF", await CodeOf(herself));
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());

        var removed = await alice.PostJsonAsync("/api/auth/admin/remove-user", new { userId = bobId });

        Assert.Equal("""{"success":true}""", await removed.Content.ReadAsStringAsync());
        var onBob = await bob.GetAsync("/api/auth/get-session");
        Assert.Equal(RevokeReasons.AccountDeleted, Assert.Single(onBob.Headers.GetValues("X-Session-Ended-Reason")));
        var session = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.UserId == bobId));
        Assert.Equal(aliceId, session.RevokedBy);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.UserRemoved));
        Assert.Equal((aliceId, bobId), (audit.ActorUserId!.Value, audit.TargetUserId!.Value));
        Assert.Null((await App.QueryAsync(db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == bobId))).Email);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostJsonAsync("/api/auth/admin/remove-user", new { userId = bobId })).StatusCode);
        await App.DeliverEmailsAsync();
        Assert.Contains("An administrator of Acme Corp deleted your account", Assert.Single(App.Mail.To("bob@acme.test")).TextBody);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostJsonAsync("/api/auth/admin/remove-user", new { userId = carolId })).StatusCode);
    }

    [Fact]
    public async Task TheSuperadminRemovesAnyoneButNeverTheOnlyAdministratorOfAWorkspaceAndNeedsAFreshSession()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;
        var rootId = (await App.UserAsync("root@platform.test")).Id;

        var sole = await root.PostJsonAsync("/api/auth/admin/remove-user", new { userId = aliceId });
        var superadmin = await root.PostJsonAsync("/api/auth/admin/remove-user", new { userId = rootId });
        var removed = await root.PostJsonAsync("/api/auth/admin/remove-user", new { userId = bobId });
        App.Clock.Advance(PastFreshAge);
        var stale = await root.PostJsonAsync("/api/auth/admin/remove-user", new { userId = (await App.UserAsync("dave@initech.test")).Id });

        Assert.Equal("SOLE_ADMINISTRATOR", await CodeOf(sole));
        Assert.Equal(HttpStatusCode.Conflict, sole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, superadmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.NotNull((await App.QueryAsync(db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == bobId))).DeletedAt);
        Assert.Equal(HttpStatusCode.OK, (await root.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await root.PostJsonAsync("/api/auth/delete-user", new { password = TestClient.DemoPassword })).StatusCode);
        Assert.NotNull((await App.UserAsync("root@platform.test")).Email);
    }

    [Fact]
    public async Task TheDeletePageNamesWhatGoesPutsAWrongPasswordBesideTheFieldAndSignsThePersonOutWithoutJavaScript()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await phone.WarmCacheAsync(App);
        var security = await bob.PageAsync("/account/security");
        Assert.Equal("/account/delete", security.QuerySelector("[data-testid=delete-account-link]")!.GetAttribute("href"));

        var page = await bob.PageAsync("/account/delete");
        var refused = await bob.SubmitAsync(page, "[data-testid=delete-account]", Form(("Password", "not-my-password")));
        var again = await Html.ParseAsync(refused);
        Assert.True(again.QuerySelector("[data-testid=delete-account]") is not null, again.Text("main"));
        App.Clock.Advance(PastFreshAge);
        var done = await bob.SubmitAsync(again, "[data-testid=delete-account]", Form(("Password", TestClient.DemoPassword)));

        Assert.Equal("2 sessions, this one included, end at once", page.Text("[data-testid=deletion-sessions]"));
        Assert.Equal("No passkeys removed", page.Text("[data-testid=deletion-passkeys]"));
        Assert.Equal("No authenticator app is set up", page.Text("[data-testid=deletion-two-factor]"));
        Assert.Equal("Your membership of Acme Corp (Member) ends", page.Text("[data-testid=deletion-membership]"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("That is not your current password.", again.Text("[data-testid=delete-password-error]"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/account-deleted", done.Location());
        Assert.Null(bob.SessionToken);
        Assert.Equal("Your account was deleted", (await bob.PageAsync("/account-deleted")).Text("h1"));
        Assert.Equal(HttpStatusCode.Redirect, (await bob.GetAsync("/account/security")).StatusCode);
        Assert.Equal(RevokeReasons.AccountDeleted, Assert.Single((await phone.GetAsync("/api/auth/get-session")).Headers.GetValues("X-Session-Ended-Reason")));
        Assert.Null((await App.QueryAsync(db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.DisplayName.StartsWith("Deleted user ")))).Email);
    }

    [Fact]
    public async Task TheOnlyAdministratorsDeletePageExplainsWhyAndOffersNoForm()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/account/delete");

        Assert.Contains("only administrator", page.Text("[data-testid=deletion-refused]"));
        Assert.Null(page.QuerySelector("[data-testid=delete-account]"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountDeletionTests(SqliteAppFixture app) : AccountDeletionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountDeletionTests(PostgresAppFixture app) : AccountDeletionTests(app);
