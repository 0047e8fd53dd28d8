using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>A person whose session ended learns why on the sign-in page, whatever ended it and whatever they were doing.</summary>
public abstract class SignInReasonTests(AppFixture app) : IntegrationTest(app)
{
    public static readonly TheoryData<string, string> Reasons = new()
    {
        { "SIGNED_OUT", "You signed out." },
        { "REVOKED_BY_USER", "Your session was ended from another of your devices." },
        { "REVOKED_BY_ADMIN", "Your session was ended by an administrator." },
        { "REVOKED_BY_PLATFORM", "Your session was ended by the platform's administrators." },
        { "CONCURRENCY_LIMIT", "You signed in on another device, and this workspace limits how many devices can be signed in at once." },
        { "PASSWORD_CHANGED", "Your password was changed, so this session was ended." },
        { "USER_LOCKED", "An administrator of this workspace has banned your account." },
        { "SESSION_EXPIRED", "Your session expired. Please sign in again." },
        { "SESSION_REVOKED", "Your session was ended." },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task TheSignInPageSaysWhyTheSessionEnded(string reason, string message)
    {
        var page = await App.Client("acme").PageAsync($"/sign-in?reason={reason}");

        Assert.Equal(message, page.Text("[data-testid=notice]"));
    }

    [Fact]
    public async Task ASuspendedWorkspaceNamesItselfAndItsReason()
    {
        var page = await App.Client("initech").PageAsync("/sign-in?reason=TENANT_SUSPENDED");

        Assert.Equal("Initech is suspended: Unpaid invoice", page.Text("[data-testid=notice]"));
    }

    [Fact]
    public async Task AnUnknownReasonIsNotEchoed()
    {
        var page = await App.Client("acme").PageAsync("/sign-in?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.Equal("Sign in to continue.", page.Text("[data-testid=notice]"));
        Assert.DoesNotContain("<script>alert", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredSessionOnItsNextPageIsSentToSignInWithTheReasonAndTheWayBack()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromDays(8));

        var response = await bob.GetAsync("/account/security?tab=1");
        var page = await bob.PageAsync(response.Location()!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Faccount%2Fsecurity%3Ftab%3D1&reason=SESSION_EXPIRED", response.Location());
        Assert.Equal("Your session expired. Please sign in again.", page.Text("[data-testid=notice]"));
        Assert.Equal("/account/security?tab=1", page.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task SigningInAgainAfterAStaleFormPostReturnsToThePageNotTheHandler()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var stale = await bob.PageAsync("/account/security");
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = (await App.UserAsync("bob@acme.test")).Id });

        var bounced = await bob.SubmitAsync(stale, "form[action*='handler=RevokeOthers']");
        var signInPage = await bob.PageAsync(bounced.Location()!);
        var signedIn = await Html.SubmitAsync(bob, signInPage, "main form", PageTestExtensions.Form(
            ("Input.Email", "bob@acme.test"), ("Input.Password", TestClient.DemoPassword)), "/sign-in");

        Assert.Equal("/sign-in?returnUrl=%2Faccount%2Fsecurity&reason=REVOKED_BY_ADMIN", bounced.Location());
        Assert.Equal("Your session was ended by an administrator.", signInPage.Text("[data-testid=notice]"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/security", signedIn.Location());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync(signedIn.Location()!)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignInReasonTests(SqliteAppFixture app) : SignInReasonTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignInReasonTests(PostgresAppFixture app) : SignInReasonTests(app);
