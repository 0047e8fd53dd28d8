using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.LoadBalancer;

/// <summary>
/// What a load balancer sees: health endpoints that answer on any host (probes use the node's IP), and forwarded
/// headers believed only from the configured proxies. Node A trusts 127.0.0.1 (where the test connects from); node B
/// trusts only 10.99.0.1.
/// </summary>
public sealed class LoadBalancerTests(LoadBalancerTests.Fixture fixture) : IClassFixture<LoadBalancerTests.Fixture>
{
    private readonly NodeCluster _cluster = fixture.Cluster;

    [Theory]
    [InlineData("live")]
    [InlineData("ready")]
    public async Task HealthEndpointsAnswerOnAnyHost(string which)
    {
        foreach (var host in new[] { "10.0.0.7", "10.0.0.7:8080", "unknown.example", "localhost" })
        {
            using var response = await _cluster.B.HealthAsync(which, host);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            Assert.Equal(which == "ready", body.GetProperty("checks").TryGetProperty("database", out _));
            Assert.Equal(which == "ready", body.GetProperty("checks").TryGetProperty("revocation-feed", out _));
        }
    }

    [Fact]
    public async Task ATrustedProxysForwardedHostAndSchemeAreHonoured()
    {
        var (tenantId, slug) = await _cluster.CreateTenantAsync();
        var workspace = $"{slug}.localhost";

        using var response = await SendThroughProxyAsync(_cluster.A, workspace, HttpMethod.Post, "/api/auth/sign-up/email",
            new { name = "Proxy", email = $"proxy@{slug}.test", password = NodeClient.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()), c => c.Name == "__Host-ts_session");
        Assert.True(cookie.Secure);
        Assert.Null(cookie.Domain.Value);
        var ip = await _cluster.A.DbAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.TenantId == tenantId).Select(s => s.IpAddress).SingleAsync());
        Assert.Equal("203.0.113.9", ip);
    }

    [Fact]
    public async Task AForwardedHostFromAnUntrustedPeerIsRefused()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();

        using var response = await SendThroughProxyAsync(_cluster.B, $"{slug}.localhost", HttpMethod.Get, "/api/auth/get-session", host: $"{slug}.localhost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("BAD_REQUEST", problem.GetProperty("code").GetString());
        Assert.Equal("Untrusted forwarded host.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ATrustedProxyCannotForwardAHostOutsideTheBaseDomain()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();

        using var response = await SendThroughProxyAsync(_cluster.A, "evil.example", HttpMethod.Get, "/api/auth/get-session", host: $"{slug}.localhost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Untrusted forwarded host.", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request as a TLS-terminating load balancer passes it on: its own Host, the browser's in X-Forwarded-Host.</summary>
    private static Task<HttpResponseMessage> SendThroughProxyAsync(AppNode node, string forwardedHost, HttpMethod method, string path, object? body = null, string? host = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host ?? node.Address.Authority;
        request.Headers.Add("X-Forwarded-Host", forwardedHost);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
            request.Headers.Add("Origin", $"https://{forwardedHost}");
        }

        return node.Http.SendAsync(request);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly PostgresTestDatabase _database = new();

        public NodeCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _database.CreateAsync();
            Cluster = await NodeCluster.StartAsync(_database, node =>
            {
                var settings = NodeCluster.BaseSettings(_database);
                settings["ForwardedHeaders:KnownProxies:0"] = node == "A" ? "127.0.0.1" : "10.99.0.1";
                return settings;
            });
        }

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
