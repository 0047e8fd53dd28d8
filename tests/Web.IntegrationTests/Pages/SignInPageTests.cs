using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

public abstract class SignInPageTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task SigningInThroughThePageShowsTheWorkspaceOnTheHomePage()
    {
        var acme = App.Client("acme");
        var page = await Html.ParseAsync(await acme.GetAsync("/sign-in"));

        var submitted = await Html.SubmitAsync(acme, page, "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "alice@acme.test",
            ["Input.Password"] = TestClient.DemoPassword,
            ["Input.RememberMe"] = "true",
        }, "/sign-in");
        var home = await acme.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal("/", submitted.Headers.Location?.OriginalString);
        var document = await Html.ParseAsync(home);
        Assert.Equal("Acme Corp", document.QuerySelector("[data-testid=tenant-name]")?.TextContent);
        Assert.Equal("Active", document.QuerySelector("[data-testid=tenant-status]")?.TextContent);
    }

    [Fact]
    public async Task AWrongPasswordShowsOneGenericErrorOnThePage()
    {
        var acme = App.Client("acme");
        var page = await Html.ParseAsync(await acme.GetAsync("/sign-in"));

        var response = await Html.SubmitAsync(acme, page, "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "alice@acme.test",
            ["Input.Password"] = "nope",
        }, "/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains("Invalid email or password.", document.QuerySelector("[data-testid=errors]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task AKeepMeSignedInValueThatIsNotABooleanIsShownAsAnErrorOnTheForm()
    {
        var acme = App.Client("acme");
        var page = await Html.ParseAsync(await acme.GetAsync("/sign-in"));

        var response = await Html.SubmitAsync(acme, page, "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "alice@acme.test",
            ["Input.Password"] = TestClient.DemoPassword,
            ["Input.RememberMe"] = "g+A",
        }, "/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains("is not valid", document.QuerySelector("[data-testid=errors]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("alice@acme.test", document.QuerySelector("#Input_Email")?.GetAttribute("value"));
        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task AHeadRequestWithAFormBodyIsAnsweredLikeTheGetItStandsFor()
    {
        var acme = App.Client("acme");
        var request = new HttpRequestMessage(HttpMethod.Head, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.RememberMe"] = "g+A" }),
        };

        var response = await acme.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ASignInPostWithoutTheAntiforgeryTokenIsRefused()
    {
        var acme = App.Client("acme");
        var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "alice@acme.test", ["Input.Password"] = TestClient.DemoPassword }),
        };

        var response = await acme.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task TheSignOutButtonOnEveryPageEndsTheSession()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var home = await Html.ParseAsync(await acme.GetAsync("/"));

        var response = await Html.SubmitAsync(acme, home, "nav form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(acme.SessionToken);
        var signInPage = await Html.ParseAsync(await acme.GetAsync(response.Headers.Location!.OriginalString));
        Assert.Equal("You signed out.", signInPage.QuerySelector("[data-testid=notice]")?.TextContent);
    }

    [Fact]
    public async Task ASignOutWithoutTheAntiforgeryTokenChangesNothing()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");

        var response = await acme.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/sign-out") { Content = new FormUrlEncodedContent([]) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/api/auth/get-session")).StatusCode);
        Assert.Contains("bob@acme.test", await (await acme.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSuspendedWorkspaceExplainsItselfOnTheSignInPage()
    {
        var page = await Html.ParseAsync(await App.Client("initech").GetAsync("/sign-in"));

        Assert.Equal("Initech is suspended: Unpaid invoice", page.QuerySelector("[data-testid=notice]")?.TextContent);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignInPageTests(SqliteAppFixture app) : SignInPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignInPageTests(PostgresAppFixture app) : SignInPageTests(app);
