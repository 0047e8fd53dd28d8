using System.Net;
using System.Text.Json;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Health;

/// <summary>Load balancers probe nodes by IP: both health endpoints answer before tenancy, on any host, without cookies.</summary>
public abstract class HealthEndpointTests(AppFixture app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("unknown.example")]
    [InlineData("nosuchworkspace.localhost")]
    public async Task LiveAnswersOnAnyHostWithoutRunningChecks(string host)
    {
        var probe = new TestClient(App, host);

        var response = await probe.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("checks", out _));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Issue 20, finding 3: with <c>Management:PublicDiagnostics</c> off (Testing, Production) a probe reads a bare status.</summary>
    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("localhost")]
    public async Task ReadyAnswersABareStatusToAnAnonymousProbe(string host)
    {
        var probe = new TestClient(App, host);

        var response = await probe.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "health answers are never cached");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ReadyGivesItsChecksOnlyToASuperadminOnThePlatformHost()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var forRoot = await root.GetAsync("/health/ready");
        var forAlice = JsonDocument.Parse(await (await alice.GetAsync("/health/ready")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, forRoot.StatusCode);
        var checks = JsonDocument.Parse(await forRoot.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("revocation-feed").GetProperty("status").GetString());
        Assert.False(checks.TryGetProperty("redis", out _));
        Assert.False(forAlice.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task AnyOtherPathOnAForeignHostIsStillRefused()
    {
        var foreign = new TestClient(App, "10.0.0.5");

        var response = await foreign.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteHealthEndpointTests(SqliteAppFixture app) : HealthEndpointTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresHealthEndpointTests(PostgresAppFixture app) : HealthEndpointTests(app);
