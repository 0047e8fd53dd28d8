using System.Net;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>A tenant admin's pages: the staff list, one member's sessions, the session policy.</summary>
public abstract class AdminPagesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task MembersPageListsEachPersonWithLiveSessionsAndLastActivity()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(3));

        var page = await alice.PageAsync("/admin/members");

        var rows = page.QuerySelectorAll("[data-testid=member-row]");
        Assert.Equal(["Alice Admin", "Bob Member"], rows.Select(r => r.QuerySelector("a")!.TextContent.Trim()));
        Assert.Equal(["1", "2"], rows.Select(r => r.QuerySelector("[data-testid=live-sessions]")!.TextContent.Trim()));
        Assert.Equal("3 minutes ago", rows[1].QuerySelector("time")?.TextContent);
        var bob = await App.UserAsync("bob@acme.test");
        Assert.Equal($"/admin/members/{bob.Id}", rows[1].QuerySelector("a")?.GetAttribute("href"));
        Assert.DoesNotContain("carol", page.Text("main"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AdminEndsOneSessionOfAMember()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        Assert.Equal("Bob Member", page.Text("[data-testid=member-name]"));

        var after = await alice.SubmitAndFollowAsync(page, $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true")));

        Assert.Equal([await bobLaptop.SessionIdAsync()], after.SessionIds());
        Assert.Equal("The session was ended.", after.Text("[data-testid=flash]"));
        Assert.Equal(["Ended by an administrator"], after.Texts("[data-testid=ended-reason]"));
        Assert.Contains("Alice Admin", after.Text("[data-testid=ended-sessions] tbody"), StringComparison.Ordinal);
        var row = await App.SessionRowAsync(phoneId);
        Assert.Equal((RevokeReasons.RevokedByAdmin, (await App.UserAsync("alice@acme.test")).Id), (row.RevokeReason, row.RevokedBy!.Value));
    }

    [Fact]
    public async Task AdminEndsEverySessionOfAMemberWhoIsToldWhyOnTheirNextPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        await bobLaptop.WarmCacheAsync(App);
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");

        var after = await alice.SubmitAndFollowAsync(page, "form[action*='handler=RevokeAll']", Form(("confirmed", "true")));
        var bobNext = await bobLaptop.GetAsync("/account/security");
        var signIn = await bobLaptop.PageAsync(bobNext.Location()!);

        Assert.Equal("Ended 2 sessions.", after.Text("[data-testid=flash]"));
        Assert.Empty(after.SessionIds());
        Assert.Equal("/sign-in?returnUrl=%2Faccount%2Fsecurity&reason=REVOKED_BY_ADMIN", bobNext.Location());
        Assert.Equal("Your session was ended by an administrator.", signIn.Text("[data-testid=notice]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AdminBansAMemberFromTheirPageAndLiftsTheBan()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        await bobLaptop.WarmCacheAsync(App);
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");

        var banned = await alice.SubmitAndFollowAsync(page, "form[action*='handler=Ban']", Form(("confirmed", "true")));
        var bobNext = await bobLaptop.GetAsync("/account/security");
        var refused = await App.Client("acme").SignInAsync("bob@acme.test");
        var lifted = await alice.SubmitAndFollowAsync(banned, "form[action*='handler=Unban']");
        var allowed = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal("The member is banned: sign-in is refused and 1 session ended.", banned.Text("[data-testid=flash]"));
        Assert.Equal("Banned", banned.Text("[data-testid=banned]"));
        Assert.Equal("/sign-in?returnUrl=%2Faccount%2Fsecurity&reason=USER_LOCKED", bobNext.Location());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("The ban is lifted: they can sign in again.", lifted.Text("[data-testid=flash]"));
        Assert.Null(lifted.QuerySelector("[data-testid=banned]"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoSignedInLongAgoConfirmsThePasswordBeforeEndingSessions()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var before = await App.SnapshotAsync();

        var prompt = await alice.SubmitAsync(page, "form[action*='handler=RevokeAll']", Form(("confirmed", "true")));
        var promptPage = await Html.ParseAsync(prompt);
        var unchanged = await App.SnapshotAsync();
        var confirmed = await alice.SubmitAsync(promptPage, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Equal(HttpStatusCode.OK, prompt.StatusCode);
        Assert.Contains("To end every session of this member, enter your password again.", promptPage.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal($"/admin/members/{bob.Id}?handler=RevokeAll", promptPage.QuerySelector("[data-testid=step-up] form")?.GetAttribute("action"));
        Assert.Equal(before, unchanged);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal($"/admin/members/{bob.Id}", confirmed.Location());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheStepUpFormRemembersWhichSessionToEnd()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");

        var prompt = await Html.ParseAsync(await alice.SubmitAsync(page, $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true"))));
        var after = await alice.SubmitAndFollowAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Equal([await bobLaptop.SessionIdAsync()], after.SessionIds());
        Assert.Equal(RevokeReasons.RevokedByAdmin, (await App.SessionRowAsync(phoneId)).RevokeReason);
    }

    [Fact]
    public async Task ASessionOrPersonOfAnotherWorkspaceIsNotFoundAndNothingChanges()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolUser = await App.UserAsync("carol@globex.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await App.SnapshotAsync();

        var revokeOne = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{bob.Id}?handler=Revoke")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token), ("sessionId", (await carol.SessionIdAsync()).ToString()))),
        });
        var revokeAll = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{carolUser.Id}?handler=RevokeAll")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token))),
        });

        Assert.Equal(HttpStatusCode.NotFound, revokeOne.StatusCode);
        Assert.Equal("There is no such session in this workspace.", (await Html.ParseAsync(revokeOne)).Text("[data-testid=error]"));
        Assert.Equal(HttpStatusCode.NotFound, revokeAll.StatusCode);
        Assert.DoesNotContain("Carol", await revokeAll.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task SettingsShowTheTenantsValuesAndThePlatformDefaults()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/admin/settings");

        Assert.Equal("", page.QuerySelector("#Input_ExpiresIn")?.GetAttribute("value"));
        Assert.Contains("Platform default: 7 days", page.Text("#Input_ExpiresIn_default"), StringComparison.Ordinal);
        Assert.Contains("Platform default: 1 day", page.Text("#Input_UpdateAge_default"), StringComparison.Ordinal);
        Assert.Contains("Platform default: 30 days", page.Text("#Input_AbsoluteLifetime_default"), StringComparison.Ordinal);
        Assert.Contains("no limit", page.Text("#max-default"), StringComparison.Ordinal);
        Assert.Contains("7 days", page.Text("[data-testid=effective]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingThePolicyStoresFriendlyUnitsAsDurations()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");

        var after = await alice.SubmitAndFollowAsync(page, "[data-testid=policy]", Form(
            ("Input.ExpiresIn", "12"), ("Input.ExpiresInUnit", "hours"),
            ("Input.UpdateAge", "30"), ("Input.UpdateAgeUnit", "minutes"),
            ("Input.FreshAge", ""), ("Input.FreshAgeUnit", "hours"),
            ("Input.AbsoluteLifetime", "2"), ("Input.AbsoluteLifetimeUnit", "days"),
            ("Input.MaxConcurrentSessions", "3"),
            ("Input.ConcurrentSessionAction", "RefuseNew")));

        var policy = (await App.TenantAsync("acme")).Policy;
        Assert.Equal(
            (TimeSpan.FromHours(12), TimeSpan.FromMinutes(30), (TimeSpan?)null, TimeSpan.FromDays(2), 3, ConcurrentSessionAction.RefuseNew),
            (policy.ExpiresIn!.Value, policy.UpdateAge!.Value, policy.FreshAge, policy.AbsoluteLifetime!.Value, policy.MaxConcurrentSessions!.Value, policy.ConcurrentSessionAction));
        Assert.StartsWith("The session policy was saved.", after.Text("[data-testid=flash]"), StringComparison.Ordinal);
        Assert.Equal(("12", "hours"), (after.QuerySelector("#Input_ExpiresIn")?.GetAttribute("value"), after.QuerySelector("#Input_ExpiresInUnit option[selected]")?.GetAttribute("value")));
        Assert.Equal(("2", "days"), (after.QuerySelector("#Input_AbsoluteLifetime")?.GetAttribute("value"), after.QuerySelector("#Input_AbsoluteLifetimeUnit option[selected]")?.GetAttribute("value")));
        Assert.Contains("12 hours", after.Text("[data-testid=effective]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInconsistentPolicyIsRefusedWithItsMessageNextToTheField()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");
        var before = await App.SnapshotAsync();

        var response = await alice.SubmitAsync(page, "[data-testid=policy]", Form(
            ("Input.ExpiresIn", "2"), ("Input.ExpiresInUnit", "hours"),
            ("Input.UpdateAge", "1"), ("Input.UpdateAgeUnit", "days"),
            ("Input.AbsoluteLifetime", "1"), ("Input.AbsoluteLifetimeUnit", "minutes")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await Html.ParseAsync(response);
        Assert.Equal("The refresh interval cannot be longer than the session lifetime.", result.Text("[data-valmsg-for='Input.UpdateAge']"));
        Assert.Equal("Absolute lifetime must be between 1 hour and 365 days.", result.Text("[data-valmsg-for='Input.AbsoluteLifetime']"));
        Assert.Contains("The refresh interval cannot be longer than the session lifetime.", result.Text("[data-testid=errors]"), StringComparison.Ordinal);
        Assert.Equal("2", result.QuerySelector("#Input_ExpiresIn")?.GetAttribute("value"));
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Null((await App.TenantAsync("acme")).Policy.ExpiresIn);
    }

    [Fact]
    public async Task AMemberCannotPostToAnAdminPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var aliceUser = await App.UserAsync("alice@acme.test");
        var page = await bob.PageAsync("/account/security");
        var before = await App.SnapshotAsync();

        var response = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{aliceUser.Id}?handler=RevokeAll")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/forbidden", response.Location());
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAdminPagesTests(SqliteAppFixture app) : AdminPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminPagesTests(PostgresAppFixture app) : AdminPagesTests(app);
