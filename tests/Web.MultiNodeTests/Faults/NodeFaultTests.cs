using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Faults;

/// <summary>
/// Faults of issue 11 that the outage tests did not cover: a node that was down while a session was revoked, and two
/// nodes revoking and validating the same sessions at the same moment (no revoked session accepted after the
/// propagation bound, no update of a session row lost to another).
/// </summary>
public sealed class NodeRestartFaultTests(PollingClusterFixture fixture) : IClassFixture<PollingClusterFixture>
{
    private NodeCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ANodeThatWasDownDuringARevocationRefusesTheSessionOnItsFirstRequestBack()
    {
        var (_, slug) = await Cluster.CreateTenantAsync();
        var onA = await Cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();
        var frozen = onA.On(Cluster.B, frozen: true);
        await frozen.SessionIdAsync();

        await Cluster.RestartBAsync(() => Cluster.RevokeAsAdminAsync(Cluster.A, sessionId));
        var first = await onA.On(Cluster.B, frozen: true).GetAsync("/api/auth/list-sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(ErrorCodes.SessionRevoked, await NodeClient.CodeOf(first));
    }
}

public sealed class ConcurrentRevocationFaultTests(RedisClusterFixture fixture, ITestOutputHelper output) : IClassFixture<RedisClusterFixture>
{
    private const int Sessions = 16;

    private NodeCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task TwoNodesRevokingAndValidatingTheSameSessionsAtOnceLoseNoUpdateAndAcceptNoRevokedSession()
    {
        var (_, slug) = await Cluster.CreateTenantAsync();
        var clients = new List<NodeClient>();
        for (var i = 0; i < Sessions; i++)
        {
            clients.Add(await Cluster.SignUpOnAAsync(slug));
        }

        var ids = new List<Guid>();
        foreach (var client in clients)
        {
            ids.Add(await client.SessionIdAsync());
        }

        Cluster.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(10));
        var revoked = ids.Where((_, i) => i % 2 == 0).ToHashSet();

        var validations = clients.SelectMany(c => new[] { c.On(Cluster.A, frozen: true), c.On(Cluster.B, frozen: true) })
            .Select(async c =>
            {
                for (var i = 0; i < 6; i++)
                {
                    using var response = await c.GetAsync("/api/auth/get-session");
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} on {c.Node.Name}");
                }
            });
        var revocations = revoked.Select((id, i) => Cluster.RevokeAsAdminAsync(i % 2 == 0 ? Cluster.A : Cluster.B, id));
        await Task.WhenAll(validations.Concat(revocations));

        var now = Cluster.Clock.GetUtcNow();
        var rows = await Cluster.A.DbAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync());
        Assert.All(rows.Where(r => revoked.Contains(r.Id)), r => Assert.Equal(RevokeReasons.RevokedByAdmin, r.RevokeReason));
        Assert.All(rows.Where(r => !revoked.Contains(r.Id)), r =>
        {
            Assert.Null(r.RevokedAt);
            Assert.True(r.ExpiresAt >= now + TimeSpan.FromDays(6), $"session {r.Id} lost its refresh: ExpiresAt {r.ExpiresAt:O}, now {now:O}");
        });

        for (var i = 0; i < clients.Count; i++)
        {
            foreach (var node in new[] { Cluster.A, Cluster.B })
            {
                var observer = clients[i].On(node, frozen: true);
                if (revoked.Contains(ids[i]))
                {
                    var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(() => Task.CompletedTask, observer, output, $"concurrent revocation, session {i}");
                    Assert.Equal(ErrorCodes.SessionRevoked, code);
                    using var again = await observer.GetAsync("/api/auth/list-sessions");
                    Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
                }
                else
                {
                    Assert.Equal(ids[i], await observer.SessionIdAsync());
                }
            }
        }
    }
}
