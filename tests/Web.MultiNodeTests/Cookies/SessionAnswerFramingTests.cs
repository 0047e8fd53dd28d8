using System.Text.Json;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Cookies;

/// <summary>
/// <c>get-session</c> on a real Kestrel node: the accepted session's answer is written whole before it is sent and
/// carries its <c>Content-Length</c>, on a cache hit and on the database path. (A body of unknown length goes out
/// chunked, its closing chunk in a second write: a system call more on every cache hit.)
/// </summary>
public sealed class SessionAnswerFramingTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private NodeCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _cluster = await NodeCluster.StartAsync(_database, _ => NodeCluster.BaseSettings(_database));
    }

    [Fact]
    public async Task TheSessionAnswerCarriesItsLengthAndIsNotChunked()
    {
        var (_, slug) = await _cluster.CreateTenantAsync();
        var onA = await _cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();
        var cacheHit = onA.On(_cluster.B, frozen: true);
        var databasePath = onA.On(_cluster.B, frozen: true);
        databasePath.Cookies.Remove("ts_session_cache");

        foreach (var client in new[] { cacheHit, databasePath })
        {
            var queries = _cluster.B.SessionQueries.Count;
            using var response = await client.GetAsync("/api/auth/get-session");
            var body = await response.Content.ReadAsByteArrayAsync();

            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            Assert.Equal(sessionId, JsonDocument.Parse(body).RootElement.GetProperty("session").GetProperty("id").GetGuid());
            if (client == cacheHit)
            {
                Assert.Equal(queries, _cluster.B.SessionQueries.Count);
            }
            else
            {
                Assert.True(_cluster.B.SessionQueries.Count > queries, "the database path read no session row");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}
