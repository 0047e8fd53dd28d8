using System.Net;
using System.Text.Json;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Outages;

/// <summary>
/// Node B reaches PostgreSQL through a proxy the test can close. Cut off, B reports not ready, answers 503
/// SERVICE_UNAVAILABLE (never a 500, never a cookie-cache accept once its feed is stale), and recovers — with the
/// revocations it missed — when the database is back.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly PostgresTestDatabase _database = new();
    private readonly TcpProxy _proxy = new(PostgresTestDatabase.ServerEndpoint.Host, PostgresTestDatabase.ServerEndpoint.Port);
    private NodeCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _proxy.Open();
        _cluster = await NodeCluster.StartAsync(_database, node =>
        {
            var settings = NodeCluster.BaseSettings(_database, node == "B" ? _database.ConnectionStringVia("127.0.0.1", _proxy.Port) : null);
            settings["Revocation:MaxLag"] = MaxLag.ToString();
            return settings;
        });
    }

    [Fact]
    public async Task NodeCutOffFromTheDatabaseIsNotReadyAnswers503AndRecoversWithWhatItMissed()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();
        var (_, untouchedSlug) = await _cluster.CreateTenantAsync();
        var revoked = await _cluster.SignUpOnAAsync(slug);
        var revokedId = await revoked.SessionIdAsync();
        var survivor = await _cluster.SignUpOnAAsync(slug);
        var revokedOnB = revoked.On(_cluster.B, frozen: true);
        var survivorOnB = survivor.On(_cluster.B);
        await revokedOnB.SessionIdAsync();
        await survivorOnB.SessionIdAsync();
        var sessionCookieOnlyOnB = revoked.On(_cluster.B, frozen: true);
        sessionCookieOnlyOnB.Cookies.Remove("ts_session_cache");

        _proxy.Close();

        using (var ready = await WaitForStatusAsync(() => _cluster.B.HealthAsync(), HttpStatusCode.ServiceUnavailable, "B not ready"))
        {
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }

        await AssertUnavailableAsync(await sessionCookieOnlyOnB.GetAsync("/api/auth/get-session"));
        await AssertUnavailableAsync(await new NodeClient(_cluster.B, $"{untouchedSlug}.localhost").GetAsync("/api/auth/get-session"));
        using (var readyOnA = await _cluster.A.HealthAsync())
        {
            Assert.Equal(HttpStatusCode.OK, readyOnA.StatusCode);
        }

        var feedOnB = _cluster.B.Service<RevocationList>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (feedOnB.IsTrusted)
        {
            Assert.True(DateTime.UtcNow < deadline, "node B kept trusting a feed it cannot read");
            await Task.Delay(20);
        }

        await _cluster.RevokeAsAdminAsync(_cluster.A, revokedId);
        var probeUntil = DateTime.UtcNow + MaxLag + TimeSpan.FromMilliseconds(500);
        var probes = 0;
        while (DateTime.UtcNow < probeUntil)
        {
            await AssertUnavailableAsync(await revokedOnB.GetAsync("/api/auth/get-session"));
            probes++;
            await Task.Delay(50);
        }

        output.WriteLine($"{probes} requests with a revoked session's warm cookies on the cut-off node: all 503");

        _proxy.Open();
        var outageEnded = DateTime.UtcNow;

        using (await WaitForStatusAsync(() => _cluster.B.HealthAsync(), HttpStatusCode.OK, "B ready again", TimeSpan.FromSeconds(20)))
        {
        }

        Infrastructure.Propagation.Record(output, $"database back: node B ready again after {(DateTime.UtcNow - outageEnded).TotalMilliseconds:F0} ms");
        using (var refused = await WaitForStatusAsync(() => revokedOnB.GetAsync("/api/auth/list-sessions"), HttpStatusCode.Unauthorized, "the revoked session refused on B"))
        {
            Assert.Equal(ErrorCodes.SessionRevoked, await NodeClient.CodeOf(refused));
        }

        Assert.NotEqual(revokedId, await survivorOnB.SessionIdAsync());
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _proxy.Dispose();
        await _database.DisposeAsync();
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(ErrorCodes.ServiceUnavailable, problem.GetProperty("code").GetString());
            Assert.Contains("database cannot be reached", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain("   at ", body);
            Assert.False(response.Headers.Contains("Set-Cookie"), "a 503 must not touch the session cookies");
        }
    }

    private static async Task<HttpResponseMessage> WaitForStatusAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected, string what, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var response = await send();
            if (response.StatusCode == expected)
            {
                return response;
            }

            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
                $"{what}: unexpected {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}: still {(int)response.StatusCode}");
            response.Dispose();
            await Task.Delay(50);
        }
    }
}
