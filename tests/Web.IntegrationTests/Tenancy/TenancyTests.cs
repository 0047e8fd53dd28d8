using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Tenancy;

public abstract class TenancyTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task AKnownWorkspaceServesItsSignInPage()
    {
        var response = await App.Client("acme").GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sign in to Acme Corp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownWorkspaceIsA404PageWithoutLookingAtSessionsOrSettingCookies()
    {
        var client = App.Client("nope");
        client.Cookies["ts_session"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var before = App.Commands.Count;

        var page = await client.GetAsync("/sign-in");
        var tenantLookups = App.Commands.Count - before;
        var api = await client.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("No workspace at nope.localhost", (await Html.ParseAsync(page)).QuerySelector("h1")?.TextContent);
        Assert.Empty(TestClient.SetCookies(page));
        Assert.Equal(1, tenantLookups);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TENANT_NOT_FOUND", problem.GetProperty("code").GetString());
        Assert.Empty(TestClient.SetCookies(api));
    }

    [Fact]
    public async Task AnUnknownWorkspaceIsLookedUpOncePerHalfMinuteAndOneCreatedMeanwhileIsFoundAtOnce()
    {
        var client = App.Client("newco");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sign-in")).StatusCode);

        var before = App.Commands.Count;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sign-in")).StatusCode);
        Assert.Equal(0, App.Commands.Count - before);

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        before = App.Commands.Count;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sign-in")).StatusCode);
        Assert.Equal(1, App.Commands.Count - before);

        var root = await App.SignedInAsync("", "root@platform.test");
        var created = await root.PostJsonAsync("/api/platform/tenants", new { slug = "newco", name = "NewCo", adminEmail = "admin@newco.test" });
        Assert.True(created.IsSuccessStatusCode, $"creating the workspace answered {(int)created.StatusCode}");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sign-in")).StatusCode);
    }

    [Theory]
    [InlineData("evil.com")]
    [InlineData("acme.localhost.evil.com")]
    [InlineData("a.b.localhost")]
    [InlineData("127.0.0.1")]
    public async Task AHostOutsideTheBaseDomainIsABadRequest(string host)
    {
        var client = new TestClient(App, host);

        var response = await client.GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(TestClient.SetCookies(response));
    }

    [Fact]
    public async Task AnUntrustedForwardedHostIsABadRequest()
    {
        var client = App.Client("acme");
        var request = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.com");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ThePlatformHostServesTheLandingPage()
    {
        var response = await App.PlatformClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Superadmin sign-in", html, StringComparison.Ordinal);
        Assert.Contains("acme.localhost", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAcmeSessionPresentedToGlobexIsAnonymous()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        var globex = App.Client("globex");
        foreach (var (name, value) in acme.Cookies)
        {
            globex.Cookies[name] = value;
        }

        var session = await globex.GetAsync("/api/auth/get-session");
        var protectedRoute = await globex.PostJsonAsync("/api/auth/sign-out", null);

        Assert.Equal("null", await session.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, protectedRoute.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/api/auth/get-session")).StatusCode);
    }

    [Fact]
    public async Task AnAnonymousVisitorOfAWorkspaceHomeIsSentToSignIn()
    {
        var response = await App.Client("acme").GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in", response.Headers.Location?.OriginalString);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTenancyTests(SqliteAppFixture app) : TenancyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenancyTests(PostgresAppFixture app) : TenancyTests(app);
