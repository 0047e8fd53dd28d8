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
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ReadyChecksTheDatabaseAndTheRevocationFeedOnAnIpHost()
    {
        var probe = new TestClient(App, "10.0.0.5");

        var response = await probe.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("revocation-feed").GetProperty("status").GetString());
        Assert.False(checks.TryGetProperty("redis", out _));
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
