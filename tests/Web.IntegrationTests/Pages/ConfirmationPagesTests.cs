using System.Net;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// Destructive actions without JavaScript: the first post changes nothing and answers with a confirmation step that
/// names the impact, counted at that moment; its own form does the action. The page also carries the same words for the
/// dialog (data-confirm-*), and a foreign subject is still not found.
/// </summary>
public abstract class ConfirmationPagesTests(AppFixture app) : IntegrationTest(app)
{
    private const string ConfirmForm = "[data-testid=confirm] form";

    [Fact]
    public async Task SignOutEverywhereFirstSaysHowManySessionsItEndsIncludingThisOne()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync("/account/security");
        var before = await App.SnapshotAsync();

        var asked = await laptop.SubmitAsync(page, "form[action*='handler=SignOutEverywhere']");
        var confirm = await Html.ParseAsync(asked);
        var unchanged = await App.SnapshotAsync();
        var done = await laptop.SubmitAsync(confirm, ConfirmForm);

        Assert.Equal("Ends 3 sessions, including this one. You'll sign in again on every device.", page.QuerySelector("form[action*='handler=SignOutEverywhere']")?.GetAttribute("data-confirm-impact"));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("Sign out everywhere?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Equal("Ends 3 sessions, including this one. You'll sign in again on every device.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, unchanged);
        Assert.Equal("/sign-in?reason=SIGNED_OUT&devices=3", done.Location());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheCountIsTakenWhenTheActionIsAskedNotWhenThePageWasShown()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync("/account/security");
        await App.SignedInAsync("acme", "bob@acme.test");

        var confirm = await Html.ParseAsync(await laptop.SubmitAsync(page, "form[action*='handler=SignOutEverywhere']"));

        Assert.Equal("Ends 1 session: this one. You'll sign in again here.", page.QuerySelector("form[action*='handler=SignOutEverywhere']")?.GetAttribute("data-confirm-impact"));
        Assert.Equal("Ends 2 sessions, including this one. You'll sign in again on every device.", confirm.Text("[data-testid=confirm-impact]"));
    }

    [Fact]
    public async Task EndAllSessionsOfAMemberIsConfirmedWithTheirCount()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var before = await App.SnapshotAsync();

        var confirm = await Html.ParseAsync(await alice.SubmitAsync(page, "form[action*='handler=RevokeAll']"));
        var unchanged = await App.SnapshotAsync();
        var after = await alice.SubmitAndFollowAsync(confirm, ConfirmForm);

        Assert.Equal("End all sessions of Bob Member?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Equal("Ends 2 sessions of Bob Member. They'll be told an administrator ended them.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal($"/admin/members/{bob.Id}?handler=RevokeAll", confirm.QuerySelector(ConfirmForm)?.GetAttribute("action"));
        Assert.Equal(before, unchanged);
        Assert.Equal("Ended 2 sessions.", after.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task EndingAllOfYourOwnSessionsAsAdminSaysItIncludesThisOne()
    {
        await App.SignedInAsync("acme", "alice@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var aliceUser = await App.UserAsync("alice@acme.test");

        var confirm = await Html.ParseAsync(await alice.SubmitAsync(await alice.PageAsync($"/admin/members/{aliceUser.Id}"), "form[action*='handler=RevokeAll']"));

        Assert.Equal("Ends 2 sessions, including this one. You'll sign in again.", confirm.Text("[data-testid=confirm-impact]"));
    }

    [Fact]
    public async Task BanIsConfirmedWithTheSessionsItEnds()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");
        var before = await App.SnapshotAsync();

        var confirm = await Html.ParseAsync(await alice.SubmitAsync(page, "form[action*='handler=Ban']"));
        var unchanged = await App.SnapshotAsync();
        var after = await alice.SubmitAndFollowAsync(confirm, ConfirmForm);

        Assert.Equal("Ban Bob Member?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Equal("Ends 1 session of Bob Member at once, and refuses their sign-in until you lift the ban.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, unchanged);
        Assert.Equal("Banned", after.Text("[data-testid=banned]"));
    }

    [Fact]
    public async Task SuspendIsConfirmedWithItsSessionsItsMembersAndTheReasonTheyWillRead()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var page = await root.PageAsync("/platform/tenants");
        var before = await App.SnapshotAsync();

        var confirm = await Html.ParseAsync(await root.SubmitAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("reason", "Unpaid invoice"))));
        var unchanged = await App.SnapshotAsync();
        var after = await root.SubmitAndFollowAsync(confirm, ConfirmForm);

        var members = page.Text("[data-testid=tenant-globex] [data-testid=tenant-members]");
        Assert.Equal("Suspend Globex?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Equal($"Ends 1 session in Globex at once, and refuses sign-in to its {(members == "1" ? "1 member" : $"{members} members")} until you reactivate it.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal("Unpaid invoice", confirm.Text("[data-testid=confirm-quote]"));
        Assert.Equal(before, unchanged);
        Assert.Equal("Globex is suspended. 1 session was ended.", after.Text("[data-testid=flash]"));
        Assert.Equal(TenantStatus.Suspended, (await App.TenantAsync("globex")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task EndingEverySessionOfATenantIsConfirmedWithTheCount()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var page = await root.PageAsync("/platform/tenants");
        var before = await App.SnapshotAsync();

        var confirm = await Html.ParseAsync(await root.SubmitAsync(page, "[data-testid=tenant-acme] form[action*='handler=RevokeSessions']"));
        var unchanged = await App.SnapshotAsync();
        var after = await root.SubmitAndFollowAsync(confirm, ConfirmForm);

        Assert.Equal("Ends 3 sessions in Acme Corp. Its people can sign in again at once.", page.QuerySelector("[data-testid=tenant-acme] form[action*='handler=RevokeSessions']")?.GetAttribute("data-confirm-impact"));
        Assert.Equal("Ends 3 sessions in Acme Corp. Its people can sign in again at once.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, unchanged);
        Assert.Equal("Ended 3 sessions of Acme Corp.", after.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AStaleSessionConfirmsThenGivesThePasswordAndTheActionIsDoneOnce()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await alice.PageAsync($"/admin/members/{bob.Id}");

        var confirm = await Html.ParseAsync(await alice.SubmitAsync(page, "form[action*='handler=Ban']"));
        var stepUp = await Html.ParseAsync(await alice.SubmitAsync(confirm, ConfirmForm));
        var after = await alice.SubmitAndFollowAsync(stepUp, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Contains("To ban this member, enter your password again.", stepUp.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal("true", stepUp.QuerySelector("[data-testid=step-up] form input[name=confirmed]")?.GetAttribute("value"));
        Assert.Null(stepUp.QuerySelector("[data-testid=confirm]"));
        Assert.Equal("Banned", after.Text("[data-testid=banned]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspacesMemberIsNotFoundAtTheConfirmationStep()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolUser = await App.UserAsync("carol@globex.test");
        var page = await alice.PageAsync("/account/security");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await App.SnapshotAsync();

        var ban = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{carolUser.Id}?handler=Ban")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token))),
        });
        var banConfirmed = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/members/{carolUser.Id}?handler=Ban")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token), ("confirmed", "true"))),
        });

        Assert.Equal(HttpStatusCode.NotFound, ban.StatusCode);
        Assert.DoesNotContain("Carol", await ban.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, banConfirmed.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task RevokingOneOfMyDevicesFirstNamesItAndChangesNothing()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var page = await laptop.PageAsync("/account/security");
        var before = await App.SnapshotAsync();

        var asked = await laptop.SubmitAsync(page, $"tr[data-session-id='{phoneId}'] form");
        var confirm = await Html.ParseAsync(asked);
        var unchanged = await App.SnapshotAsync();
        var done = await laptop.SubmitAndFollowAsync(confirm, ConfirmForm);

        Assert.StartsWith("Sign out ", page.QuerySelector($"tr[data-session-id='{phoneId}'] form")?.GetAttribute("data-confirm"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Matches(@"^Ends the session on .+\. That device will have to sign in again\.$", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, unchanged);
        Assert.StartsWith("Signed out ", done.Text("[data-testid=flash]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task SignOutAllOtherDevicesFirstNamesTheDevicesAndChangesNothing()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync("/account/security");
        var before = await App.SnapshotAsync();

        var confirm = await Html.ParseAsync(await laptop.SubmitAsync(page, "form[action*='handler=RevokeOthers']"));
        var unchanged = await App.SnapshotAsync();

        Assert.Equal("Sign out all other devices?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Matches(@"^Ends 2 sessions: .+ and .+\. This device stays signed in\.$", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, unchanged);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task EndingOneSessionOfAMemberOrOfAnyoneOnThePlatformIsConfirmedFirst()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");
        var before = await App.SnapshotAsync();

        var member = await Html.ParseAsync(await alice.SubmitAsync(await alice.PageAsync($"/admin/members/{bob.Id}"), $"tr[data-session-id='{phoneId}'] form"));
        var platform = await Html.ParseAsync(await root.SubmitAsync(await root.PageAsync($"/platform/users/{bob.Id}"), $"tr[data-session-id='{phoneId}'] form"));
        var platformAll = await Html.ParseAsync(await root.SubmitAsync(await root.PageAsync($"/platform/users/{bob.Id}"), "form[action*='handler=RevokeAll']"));

        Assert.Equal("End this session of Bob Member?", member.Text("[data-testid=confirm] h2"));
        Assert.Matches(@"^Ends Bob Member's session on .+\. They'll be told an administrator ended it\.$", member.Text("[data-testid=confirm-impact]"));
        Assert.Equal("End this session of Bob Member?", platform.Text("[data-testid=confirm] h2"));
        Assert.Equal("Ends 1 session of Bob Member. They'll be told an administrator ended them.", platformAll.Text("[data-testid=confirm-impact]"));
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheConfirmationStepWithoutTheAntiforgeryTokenIsRefused()
    {
        await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var response = await laptop.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/security?handler=SignOutEverywhere")
        {
            Content = new FormUrlEncodedContent(Form(("confirmed", "true"))),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteConfirmationPagesTests(SqliteAppFixture app) : ConfirmationPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresConfirmationPagesTests(PostgresAppFixture app) : ConfirmationPagesTests(app);
