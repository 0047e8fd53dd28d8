using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using TenantSessions.Web.Pages.Shared;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary><c>/account/security</c>: a person's own sessions, ending them, step-up, history and the password change.</summary>
public abstract class SecurityPageTests(AppFixture app) : IntegrationTest(app)
{
    private const string Page = "/account/security";

    [Fact]
    public async Task ListsEveryLiveSessionWithDeviceIpTimesAndThisDeviceBadge()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");

        var page = await laptop.PageAsync(Page);

        Assert.Equal([await laptop.SessionIdAsync(), await phone.SessionIdAsync()], page.SessionIds());
        var rows = page.QuerySelectorAll("tr[data-session-id]");
        Assert.All(page.Texts("[data-testid=device]"), label => Assert.Equal("Firefox on Linux", label));
        Assert.Equal(["This device"], page.Texts("[data-testid=this-device]"));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=this-device]"));
        Assert.Null(rows[0].QuerySelector("form"));
        Assert.Equal("3 minutes ago", rows[1].QuerySelector("[data-testid=last-active] time")?.TextContent);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", rows[1].QuerySelector("[data-testid=last-active] time")?.GetAttribute("datetime"));
        Assert.NotEmpty(rows[1].QuerySelector("[data-testid=ip]")!.TextContent.Trim());
        Assert.NotNull(rows[1].QuerySelector("form button[data-testid=revoke]"));
        Assert.Equal("2 active sessions", page.Text("[data-testid=session-count]"));
    }

    [Fact]
    public async Task RevokingAnotherDeviceRemovesItsRowAndItsNextPageExplainsWhy()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var page = await laptop.PageAsync(Page);

        var after = await laptop.SubmitAndFollowAsync(page, $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true")));
        var phoneNext = await phone.GetAsync("/");
        var signIn = await phone.PageAsync(phoneNext.Location()!);

        Assert.Equal([await laptop.SessionIdAsync()], after.SessionIds());
        Assert.StartsWith("Signed out Firefox on Linux", after.Text("[data-testid=flash]"), StringComparison.Ordinal);
        Assert.Equal(["Ended from another device"], after.Texts("[data-testid=ended-reason]"));
        Assert.Equal("/sign-in?reason=REVOKED_BY_USER", phoneNext.Location());
        var row = await App.SessionRowAsync(phoneId);
        Assert.Equal((RevokeReasons.RevokedByUser, await laptop.SessionIdAsync()), (row.RevokeReason, row.RevokedFromSessionId));
        Assert.Contains(TestClient.SetCookies(phoneNext), c => c.Name == "ts_flash");
        Assert.Equal($"Your session was ended from Firefox on Linux at {RelativeTime.Absolute(row.RevokedAt!.Value)}.", signIn.Text("[data-testid=notice]"));
        Assert.Equal("Firefox on Linux", signIn.Text("[data-testid=ended-from]"));
        Assert.DoesNotContain(phoneId.ToString(), phoneNext.Location()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((RevokeReasons.RevokedByUser, await laptop.SessionIdAsync()), (row.RevokeReason, row.RevokedFromSessionId));
    }

    [Fact]
    public async Task SignOutAllOtherDevicesKeepsOnlyThisOne()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var tablet = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync(Page);

        var response = await laptop.SubmitAsync(page, "form[action*='handler=RevokeOthers']", Form(("confirmed", "true")));
        var after = await laptop.PageAsync(response.Location()!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/security", response.Location());
        var flashCookie = Assert.Single(TestClient.SetCookies(response), c => c.Name == "ts_flash");
        Assert.True(flashCookie.HttpOnly && flashCookie.Domain.Length == 0);
        Assert.Equal([await laptop.SessionIdAsync()], after.SessionIds());
        Assert.Matches(@"^Signed out .+ and .+\.$", after.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tablet.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.NotNull(after.QuerySelector("form[action*='handler=RevokeOthers'] button[disabled]"));
    }

    [Fact]
    public async Task SignOutEverywhereOnAFreshSessionEndsThisOneTooAndSaysSo()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync(Page);

        var response = await laptop.SubmitAsync(page, "form[action*='handler=SignOutEverywhere']", Form(("confirmed", "true")));
        var signIn = await laptop.PageAsync(response.Location()!);

        Assert.Equal("/sign-in?reason=SIGNED_OUT&devices=2", response.Location());
        Assert.Null(laptop.SessionToken);
        Assert.Equal("Signed out of 2 devices.", signIn.Text("[data-testid=notice]"));
        Assert.Equal(0, await LiveSessionsOfAsync("bob@acme.test"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhereOnAStaleSessionAsksForThePasswordFirst()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var page = await laptop.PageAsync(Page);
        var before = await App.SnapshotAsync();

        var response = await laptop.SubmitAsync(page, "form[action*='handler=SignOutEverywhere']", Form(("confirmed", "true")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prompt = await Html.ParseAsync(response);
        Assert.Contains("To sign out everywhere, enter your password again.", prompt.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal("/account/security?handler=SignOutEverywhere", prompt.QuerySelector("[data-testid=step-up] form")?.GetAttribute("action"));
        Assert.Null(prompt.QuerySelector("[data-testid=step-up] [data-passkey]")); // bob has no passkey: only the password is offered
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AWrongStepUpPasswordChangesNothing()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var prompt = await Html.ParseAsync(await laptop.SubmitAsync(await laptop.PageAsync(Page), "form[action*='handler=SignOutEverywhere']", Form(("confirmed", "true"))));
        var before = await App.SnapshotAsync();

        var response = await laptop.SubmitAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", "not-my-password")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("That is not your current password.", page.Text("[data-testid=step-up-error]"));
        Assert.Equal(1, await LiveSessionsOfAsync("bob@acme.test"));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task TheStepUpFormReauthenticatesRotatesTheTokenAndCarriesOutTheAction()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var laptopId = await laptop.SessionIdAsync();
        var oldToken = laptop.SessionToken;
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var prompt = await Html.ParseAsync(await laptop.SubmitAsync(await laptop.PageAsync(Page), "form[action*='handler=SignOutEverywhere']", Form(("confirmed", "true"))));

        var response = await laptop.SubmitAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?reason=SIGNED_OUT&devices=2", response.Location());
        Assert.Equal(0, await LiveSessionsOfAsync("bob@acme.test"));
        var row = await App.SessionRowAsync(laptopId);
        Assert.Equal(App.Clock.GetUtcNow().UtcTicks / 10, row.AuthenticatedAt.UtcTicks / 10); // PostgreSQL keeps microseconds
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Replay(laptop, oldToken, null).GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AFormPostWithoutTheAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var response = await laptop.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/security?handler=RevokeOthers")
        {
            Content = new FormUrlEncodedContent([]),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(2, await LiveSessionsOfAsync("bob@acme.test"));
    }

    [Fact]
    public async Task AnotherPersonsSessionIdIsNotFoundAndNothingChanges()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await bob.PageAsync(Page);
        var before = await App.SnapshotAsync();

        var response = await PostWithTokenAsync(bob, page, $"{Page}?handler=Revoke", Form(("sessionId", (await alice.SessionIdAsync()).ToString())));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("You have no session with this id.", (await Html.ParseAsync(response)).Text("[data-testid=error]"));
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AFormLeftOpenOnADeviceThatWasSignedOutLeadsToSignInWithTheReason()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var stalePage = await phone.PageAsync(Page);
        await laptop.SubmitAndFollowAsync(await laptop.PageAsync(Page), "form[action*='handler=RevokeOthers']", Form(("confirmed", "true")));
        var before = await App.SnapshotAsync();

        var response = await phone.SubmitAsync(stalePage, "form[action*='handler=SignOutEverywhere']", Form(("confirmed", "true")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Faccount%2Fsecurity&reason=REVOKED_BY_USER", response.Location());
        Assert.StartsWith("Your session was ended from Firefox on Linux at ", (await phone.PageAsync(response.Location()!)).Text("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(1, await LiveSessionsOfAsync("bob@acme.test"));
    }

    [Fact]
    public async Task TheSignOutButtonOfAPageLeftOpenAfterTheSessionEndedLeadsToSignIn()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var stalePage = await phone.PageAsync(Page);
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await phone.SessionIdAsync() });

        var first = await phone.SubmitAsync(stalePage, "nav form");
        var again = await phone.SubmitAsync(stalePage, "nav form");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/sign-in?reason=REVOKED_BY_ADMIN", first.Location());
        Assert.Equal("Your session was ended by an administrator.", (await phone.PageAsync(first.Location()!)).Text("[data-testid=notice]"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/sign-in", again.Location());
    }

    [Fact]
    public async Task RecentlyEndedSessionsShowTheReasonInWords()
    {
        var signedOut = await App.SignedInAsync("acme", "bob@acme.test");
        await signedOut.PostJsonAsync("/api/auth/sign-out", null);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var revoked = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await revoked.SessionIdAsync() });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var page = await bob.PageAsync(Page);

        Assert.Equal(["Ended by an administrator", "Signed out"], page.Texts("[data-testid=ended-reason]"));
        Assert.Contains("Alice Admin", page.Text("[data-testid=ended-sessions] tbody tr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingThePasswordSignsOutTheOtherDevicesByDefault()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var page = await laptop.PageAsync(Page);
        var oldToken = laptop.SessionToken;
        Assert.Equal("checked", page.QuerySelector("#Password_SignOutOtherDevices")?.GetAttribute("checked"));

        var after = await laptop.SubmitAndFollowAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword),
            ("Password.NewPassword", "N3w!Passw0rd"),
            ("Password.ConfirmPassword", "N3w!Passw0rd"),
            ("Password.SignOutOtherDevices", "true")));

        Assert.Equal("Your password was changed and 1 other device was signed out.", after.Text("[data-testid=flash]"));
        Assert.NotEqual(oldToken, laptop.SessionToken);
        Assert.Equal(RevokeReasons.PasswordChanged, (await App.SessionRowAsync(phoneId)).RevokeReason);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", "N3w!Passw0rd")).StatusCode);
    }

    [Fact]
    public async Task ChangingThePasswordCanLeaveTheOtherDevicesSignedIn()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync(Page);

        var after = await laptop.SubmitAndFollowAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword),
            ("Password.NewPassword", "N3w!Passw0rd"),
            ("Password.ConfirmPassword", "N3w!Passw0rd")));

        Assert.Equal("Your password was changed.", after.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task OnAStaleSessionTheCurrentPasswordIsTheStepUpForThePasswordChange()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var page = await laptop.PageAsync(Page);

        var after = await laptop.SubmitAndFollowAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword),
            ("Password.NewPassword", "N3w!Passw0rd"),
            ("Password.ConfirmPassword", "N3w!Passw0rd")));

        Assert.Equal("Your password was changed.", after.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", "N3w!Passw0rd")).StatusCode);
    }

    [Fact]
    public async Task PasswordChangeErrorsAreShownOnTheFormAndChangeNothing()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync(Page);
        var before = await App.SnapshotAsync();

        var wrongCurrent = await laptop.SubmitAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", "wrong"), ("Password.NewPassword", "N3w!Passw0rd"), ("Password.ConfirmPassword", "N3w!Passw0rd")));
        var mismatch = await laptop.SubmitAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword), ("Password.NewPassword", "N3w!Passw0rd"), ("Password.ConfirmPassword", "other")));
        var weak = await laptop.SubmitAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword), ("Password.NewPassword", "short"), ("Password.ConfirmPassword", "short")));

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        var wrongPage = await Html.ParseAsync(wrongCurrent);
        Assert.Equal("That is not your current password.", wrongPage.Text("[data-testid=password-currentpassword-error]"));
        Assert.Null(wrongPage.QuerySelector("#Password_NewPassword")?.GetAttribute("value"));
        Assert.DoesNotContain("N3w!Passw0rd", wrongPage.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrongPage.QuerySelector("[data-testid=change-password]")!.OuterHtml, StringComparison.Ordinal);
        Assert.NotNull(wrongPage.QuerySelector("#Password_CurrentPassword[autofocus]"));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("The two new passwords are not the same.", (await Html.ParseAsync(mismatch)).Text("[data-testid=errors]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(PasswordRules.Sentence, (await Html.ParseAsync(weak)).Text("[data-valmsg-for='Password.NewPassword']"));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task ASignOutOtherDevicesValueThatIsNotABooleanIsAnErrorOnTheFormAndChangesNothing()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await laptop.PageAsync(Page);
        var before = await App.SnapshotAsync();

        var response = await laptop.SubmitAsync(page, "[data-testid=change-password]", Form(
            ("Password.CurrentPassword", TestClient.DemoPassword), ("Password.NewPassword", "N3w!Passw0rd"),
            ("Password.ConfirmPassword", "N3w!Passw0rd"), ("Password.SignOutOtherDevices", "maybe")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not valid", (await Html.ParseAsync(response)).Text("[data-testid=errors]"), StringComparison.Ordinal);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    private Task<int> LiveSessionsOfAsync(string email) => App.QueryAsync(async db =>
    {
        var now = App.Clock.GetUtcNow();
        var user = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email);
        return await db.Sessions.IgnoreQueryFilters().CountAsync(s => s.UserId == user.Id && s.RevokedAt == null && s.ExpiresAt > now);
    });

    private static async Task<HttpResponseMessage> PostWithTokenAsync(TestClient client, AngleSharp.Html.Dom.IHtmlDocument page, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSecurityPageTests(SqliteAppFixture app) : SecurityPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSecurityPageTests(PostgresAppFixture app) : SecurityPageTests(app);
