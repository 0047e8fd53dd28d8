using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>An app with a tight sign-in rate limit behind one trusted proxy (10.9.9.9), to test what sits at the edge.</summary>
public sealed class EdgeAppFixture : SqliteAppFixture
{
    public const string Proxy = "10.9.9.9";

    public const int SignInPerMinute = 4;

    public const int AccountEmailPer15Minutes = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:SignInPerMinute", SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:AccountEmailPer15Minutes", AccountEmailPer15Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeAppFixture>
{
    public const string Name = "Edge app";
}

/// <summary>
/// Finding 3 of issue 11 (docs/security-requirements.md case 23): the sign-in rate limit partitions on the resolved tenant and the client
/// address, so spelling the host differently buys no new attempts. Finding 7 (case 27): behind a trusted HTTPS proxy,
/// HSTS is sent and every cookie we set is <c>Secure</c>.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeTests(EdgeAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task OtherSpellingsOfTheHostShareOneSignInBudget()
    {
        var client = new TestClient(App, "acme.localhost") { Address = "203.0.113.10" };
        var statuses = new List<HttpStatusCode>();
        foreach (var host in new[] { "acme.localhost", "ACME.localhost", "aCME.localhost", "acme.localhost.", "Acme.Localhost." })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in/email")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { email = "bob@acme.test", password = "not-the-password" }),
            };
            request.Headers.Host = host;
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        var fromAnotherAddress = await new TestClient(App, "acme.localhost") { Address = "203.0.113.11" }.SignInAsync("bob@acme.test");
        var atAnotherWorkspace = await new TestClient(App, "globex.localhost") { Address = "203.0.113.10" }.SignInAsync("carol@globex.test");

        Assert.Equal(EdgeAppFixture.SignInPerMinute, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, fromAnotherAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atAnotherWorkspace.StatusCode);
    }

    /// <summary>Issue 20, finding 1: the account-e-mail limit is keyed on the resolved workspace too, and its 429 names its own window.</summary>
    [Fact]
    public async Task OtherSpellingsOfTheHostShareOneAccountEmailBudget()
    {
        var client = new TestClient(App, "acme.localhost") { Address = "203.0.113.40" };
        var responses = new List<HttpResponseMessage>();
        foreach (var host in new[] { "acme.localhost", "ACME.localhost", "acme.localhost.", "Acme.Localhost..", "acme.LOCALHOST." })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/request-password-reset")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { email = "nobody@acme.test", redirectTo = "/reset-password" }),
            };
            Assert.True(request.Headers.TryAddWithoutValidation("Host", host));
            responses.Add(await client.SendAsync(request, origin: null));
        }

        var fromAnotherAddress = await new TestClient(App, "acme.localhost") { Address = "203.0.113.41" }
            .PostJsonAsync("/api/auth/request-password-reset", new { email = "nobody@acme.test", redirectTo = "/reset-password" }, origin: null);
        var refused = responses[^1];
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(EdgeAppFixture.AccountEmailPer15Minutes, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("15 minutes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, fromAnotherAddress.StatusCode);
    }

    [Fact]
    public async Task BehindATrustedHttpsProxyHstsIsSentAndEveryCookieIsSecure()
    {
        var alice = BehindTheProxy("acme.localhost", "203.0.113.20");
        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync("alice@acme.test")).StatusCode);

        var signInPage = await alice.GetAsync("/sign-in");
        var page = await alice.PageAsync("/admin/settings");
        var saved = await alice.SubmitAsync(page, "[data-testid=policy]", Form(("Input.ExpiresIn", "3"), ("Input.ExpiresInUnit", "days")));

        Assert.True(signInPage.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var cookies = TestClient.SetCookies(saved).Concat(TestClient.SetCookies(signInPage)).ToList();
        Assert.Contains(cookies, c => c.Name == "ts_flash");
        Assert.Contains(cookies, c => c.Name == "ts_antiforgery");
        Assert.All(cookies, c => Assert.True(c.Secure, $"{c.Name} is not Secure"));
    }

    [Fact]
    public async Task AForwardedProtoFromAnUntrustedAddressIsIgnored()
    {
        var client = new TestClient(App, "acme.localhost") { Address = "203.0.113.30" };
        client.Headers["X-Forwarded-Proto"] = "https";

        var response = await client.GetAsync("/sign-in");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(TestClient.SetCookies(response), c => Assert.False(c.Secure));
    }

    private TestClient BehindTheProxy(string host, string clientAddress)
    {
        var client = new TestClient(App, host) { Address = EdgeAppFixture.Proxy, Scheme = "https" };
        client.Headers["X-Forwarded-Proto"] = "https";
        client.Headers["X-Forwarded-For"] = clientAddress;
        return client;
    }
}
