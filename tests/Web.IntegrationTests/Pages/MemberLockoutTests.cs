using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// Issue 12: a member kept out by the sign-in throttle (ADR-011) or by wrong second-factor codes reads "Locked out" in
/// the member list and on their page, with the time left; a tenant admin lifts it with a fresh session, and it is
/// audited. Another workspace's member is not found, and nothing of theirs changes.
/// </summary>
public abstract class MemberLockoutTests(AppFixture app) : IntegrationTest(app)
{
    private const string Wrong = "not-the-password";

    private TestClient At(string address, string slug = "acme") => new(App, $"{slug}.localhost") { Address = address };

    private static async Task FailAsync(TestClient client, string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync(email, Wrong)).StatusCode);
        }
    }

    [Fact]
    public async Task WrongPasswordsShowAsLockedOutWithTheTimeLeftInTheListAndOnTheMemberPage()
    {
        var bobsOffice = At("203.0.113.20");
        await FailAsync(bobsOffice, "bob@acme.test", 5);
        App.Clock.Advance(TimeSpan.FromSeconds(2));
        await FailAsync(bobsOffice, "bob@acme.test", 1);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");

        var list = await alice.PageAsync("/admin/members");
        var member = await alice.PageAsync($"/admin/members/{bob.Id}");
        App.Clock.Advance(TimeSpan.FromSeconds(3));
        var later = await alice.PageAsync($"/admin/members/{bob.Id}");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var over = await alice.PageAsync($"/admin/members/{bob.Id}");

        Assert.Equal("Locked out", list.Text($"[data-user-id='{bob.Id}'] [data-testid=member-state]"));
        Assert.Equal("Locked out", member.Text("[data-testid=lockout] [data-testid=member-state]"));
        Assert.Equal("4 seconds", member.Text("[data-testid=lockout-left]"));
        Assert.Contains("after 6 wrong passwords.", member.Text("[data-testid=lockout-detail]"), StringComparison.Ordinal);
        Assert.Equal("1 second", later.Text("[data-testid=lockout-left]"));
        Assert.Null(over.QuerySelector("[data-testid=lockout]"));
        Assert.Null(list.QuerySelector($"[data-user-id='{(await App.UserAsync("alice@acme.test")).Id}'] [data-testid=member-state]"));
    }

    [Fact]
    public async Task AnAdminLiftsTheLockoutAndTheMemberSignsInAtOnceAndItIsAudited()
    {
        var bobsOffice = At("203.0.113.21");
        await FailAsync(bobsOffice, "bob@acme.test", 5);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bobsOffice.SignInAsync("bob@acme.test")).StatusCode);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var aliceUser = await App.UserAsync("alice@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");

        var lifted = await alice.SubmitAndFollowAsync(page, "form[action*='handler=LiftLockout']");
        var signIn = await bobsOffice.SignInAsync("bob@acme.test");

        Assert.Equal("The lockout is lifted: they can sign in again now.", lifted.Text("[data-testid=flash]"));
        Assert.Null(lifted.QuerySelector("[data-testid=lockout]"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.LockoutLifted));
        Assert.Equal(bob.Id, audit.TargetUserId);
        Assert.Equal(aliceUser.Id, audit.ActorUserId);
        Assert.Equal(bob.TenantId, audit.TenantId);
        Assert.Equal("5 wrong passwords", audit.Detail);
    }

    [Fact]
    public async Task WrongTwoFactorCodesAreTheSameLockedOutAndLiftingEndsThemButNeverABan()
    {
        var bob = await App.UserAsync("bob@acme.test");
        var until = App.Clock.GetUtcNow().AddMinutes(5);
        await App.QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == bob.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 5)));
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var lifted = await alice.SubmitAndFollowAsync(page, "form[action*='handler=LiftLockout']");
        await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bob.Id }));
        var unlockBanned = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = bob.Id }));
        var banned = await alice.PageAsync($"/admin/members/{bob.Id}");

        Assert.Equal("5 minutes", page.Text("[data-testid=lockout-left]"));
        Assert.Contains("too many wrong two-factor codes", page.Text("[data-testid=lockout-detail]"), StringComparison.Ordinal);
        Assert.Null(lifted.QuerySelector("[data-testid=lockout]"));
        Assert.True(Bans.IsBanned((await App.UserAsync("bob@acme.test")).LockoutEnd));
        Assert.False(unlockBanned.GetProperty("lifted").GetBoolean());
        Assert.Equal("Banned", banned.Text("[data-testid=banned]"));
        Assert.Null(banned.QuerySelector("[data-testid=lockout]"));
    }

    [Fact]
    public async Task TheApiListsTheLockoutAndLiftsItOnlyWithTheWorkspacesOwnOrigin()
    {
        var bobsOffice = At("203.0.113.22");
        await FailAsync(bobsOffice, "bob@acme.test", 5);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");

        var members = await JsonAsync(await alice.GetAsync("/api/auth/admin/members"));
        var foreignOrigin = await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = bob.Id }, origin: "http://globex.localhost");
        var stillLocked = await bobsOffice.SignInAsync("bob@acme.test");
        var unlock = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = bob.Id }));
        var again = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = bob.Id }));

        var bobItem = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == bob.Id);
        Assert.True(bobItem.GetProperty("lockedOut").GetBoolean());
        Assert.False(bobItem.GetProperty("banned").GetBoolean());
        Assert.EndsWith("Z", bobItem.GetProperty("lockedUntil").GetString(), StringComparison.Ordinal);
        Assert.InRange((bobItem.GetProperty("lockedUntil").GetDateTimeOffset() - App.Clock.GetUtcNow()).TotalMilliseconds, 1999, 2001);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.True(unlock.GetProperty("lifted").GetBoolean());
        Assert.False(again.GetProperty("lifted").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await bobsOffice.SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task AMemberOfAnotherWorkspaceIsNotFoundAndStaysLockedOut()
    {
        var carolsOffice = At("203.0.113.23", "globex");
        await FailAsync(carolsOffice, "carol@globex.test", 5);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.UserAsync("carol@globex.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var pagePost = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{carol.Id}?handler=LiftLockout")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token))),
        });
        var apiPost = await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = carol.Id });
        var memberPage = await alice.GetAsync($"/admin/members/{carol.Id}");

        Assert.Equal(HttpStatusCode.NotFound, pagePost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiPost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, memberPage.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await carolsOffice.SignInAsync("carol@globex.test")).StatusCode);
        Assert.False(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.LockoutLifted)));
    }

    [Fact]
    public async Task LiftingNeedsTheAntiforgeryTokenAndAFreshSession()
    {
        var bobsOffice = At("203.0.113.24");
        await FailAsync(bobsOffice, "bob@acme.test", 5);
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");

        var noToken = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{bob.Id}?handler=LiftLockout")
        {
            Content = new FormUrlEncodedContent(Form(("x", "y"))),
        });
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await FailAsync(bobsOffice, "bob@acme.test", 5);
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var prompt = await Html.ParseAsync(await alice.SubmitAsync(page, "form[action*='handler=LiftLockout']"));
        var stillLocked = await bobsOffice.SignInAsync("bob@acme.test");
        var api = await alice.PostJsonAsync("/api/auth/admin/unlock-user", new { userId = bob.Id });
        var confirmed = await alice.SubmitAndFollowAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("To lift this member's lockout, enter your password again.", prompt.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(api));
        Assert.Equal("The lockout is lifted: they can sign in again now.", confirmed.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.OK, (await bobsOffice.SignInAsync("bob@acme.test")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMemberLockoutTests(SqliteAppFixture app) : MemberLockoutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMemberLockoutTests(PostgresAppFixture app) : MemberLockoutTests(app);
