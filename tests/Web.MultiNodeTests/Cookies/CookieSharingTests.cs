using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Cookies;

/// <summary>
/// No sticky sessions: the cookies one node issues are good on every node — the session token (a database row), the
/// cookie cache (its AES-GCM key ring in the database) and anything Data Protection wrote (its keys in the database) — and
/// stay good when the whole deployment restarts. Also how node B frames its answer to those cookies (real Kestrel).
/// </summary>
public sealed class CookieSharingTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private NodeCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _cluster = await NodeCluster.StartAsync(_database, _ => NodeCluster.BaseSettings(_database));
    }

    [Fact]
    public async Task CookiesIssuedByNodeAAreAcceptedByNodeBAndAfterARestartOfBoth()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();
        var onA = await _cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();
        var sessionCookieOnly = onA.On(_cluster.B);
        sessionCookieOnly.Cookies.Remove("ts_session_cache");
        var protectedByA = _cluster.A.Service<IDataProtectionProvider>().CreateProtector("multi-node-test").Protect("issued by node A");

        Assert.Equal(sessionId, await sessionCookieOnly.SessionIdAsync());
        await AssertCacheHitAsync(onA.On(_cluster.B, frozen: true), _cluster.B, sessionId);
        Assert.Equal("issued by node A", _cluster.B.Service<IDataProtectionProvider>().CreateProtector("multi-node-test").Unprotect(protectedByA));

        await _cluster.RestartAsync();

        await AssertCacheHitAsync(onA.On(_cluster.A, frozen: true), _cluster.A, sessionId);
        await AssertCacheHitAsync(onA.On(_cluster.B, frozen: true), _cluster.B, sessionId);
        var afterRestart = onA.On(_cluster.B);
        afterRestart.Cookies.Remove("ts_session_cache");
        Assert.Equal(sessionId, await afterRestart.SessionIdAsync());
        Assert.Equal("issued by node A", _cluster.B.Service<IDataProtectionProvider>().CreateProtector("multi-node-test").Unprotect(protectedByA));
    }

    /// <summary>
    /// <c>get-session</c> on a real Kestrel node: the accepted session's answer is written whole before it is sent and
    /// carries its <c>Content-Length</c>, on a cache hit and on the database path. (A body of unknown length goes out
    /// chunked, its closing chunk in a second write: a system call more on every cache hit.)
    /// </summary>
    [Fact]
    public async Task TheSessionAnswerCarriesItsLengthAndIsNotChunked()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();
        var onA = await _cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();
        var cacheHit = onA.On(_cluster.B, frozen: true);
        var databasePath = onA.On(_cluster.B, frozen: true);
        databasePath.Cookies.Remove("ts_session_cache");

        var queriesBefore = _cluster.B.SessionQueries.Count;
        Assert.Equal(sessionId, await FramedSessionIdAsync(cacheHit));
        Assert.Equal(queriesBefore, _cluster.B.SessionQueries.Count);

        Assert.Equal(sessionId, await FramedSessionIdAsync(databasePath));
        Assert.True(_cluster.B.SessionQueries.Count > queriesBefore, "the database path read no session row");
    }

    /// <summary>The session id of a <c>get-session</c> answer, after checking it came with its length and not chunked.</summary>
    private static async Task<Guid> FramedSessionIdAsync(NodeClient client)
    {
        using var response = await client.GetAsync("/api/auth/get-session");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        return JsonDocument.Parse(body).RootElement.GetProperty("session").GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static async Task AssertCacheHitAsync(NodeClient client, AppNode node, Guid sessionId)
    {
        var before = node.SessionQueries.Count;

        var seen = await client.SessionIdAsync();

        Assert.Equal(sessionId, seen);
        Assert.Equal(before, node.SessionQueries.Count);
    }
}
