using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Propagation;

/// <summary>
/// The soak's late acceptances (issue 11): a suspension ends the sessions it reads inside its unit of work, and a
/// sign-in on another node that commits between that read and the suspension's commit leaves a session the
/// suspension never saw. While the tenant is suspended the session is refused; once it is reactivated it was valid
/// again — seconds after the revocation that should have ended it. Reproduced here deterministically: node B signs
/// in while node A's suspension is staged but not yet committed.
/// </summary>
public sealed class SuspensionRaceTests(PollingClusterFixture fixture) : IClassFixture<PollingClusterFixture>
{
    private NodeCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ASessionSignedInWhileASuspensionWasInFlightDoesNotOutliveIt()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var host = $"{slug}.localhost";
        var email = $"racer-{Guid.NewGuid():N}@{slug}.test";
        var early = new NodeClient(Cluster.A, host);
        await early.SignUpAsync(email);
        await early.SessionIdAsync();
        var late = new NodeClient(Cluster.B, host);
        Guid lateId = default;

        // What SuspendTenantHandler stages on node A; before A commits, node B signs the same person in.
        await Cluster.A.CommitAsync(async (db, store) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            var now = Cluster.Clock.GetUtcNow();
            tenant.Suspend("Suspended while someone signs in", now);
            var live = await db.Sessions.IgnoreQueryFilters().Live(now).Where(s => s.TenantId == tenantId).ToListAsync();
            store.RevokeTenant(tenantId, live, SessionEnd.By(null, RevokeReasons.TenantSuspended));
            store.TenantChanged(tenantId);

            await late.SignInAsync(email);
            lateId = await late.SessionIdAsync();
        });

        Assert.True(await Cluster.B.Service<RevocationFeedPoller>().PollAsync(CancellationToken.None));
        await AssertEndedAsync(early.On(Cluster.B, frozen: true), ErrorCodes.TenantSuspended);
        await AssertEndedAsync(late.On(Cluster.A, frozen: true), ErrorCodes.TenantSuspended);

        Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await Cluster.A.CommitAsync(async (db, store) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            tenant.Reactivate(Cluster.Clock.GetUtcNow());
            store.TenantChanged(tenantId);
        });
        Assert.True(await Cluster.B.Service<RevocationFeedPoller>().PollAsync(CancellationToken.None));

        // The session the suspension never read stays ended on both nodes, as does the one it ended.
        await AssertEndedAsync(late.On(Cluster.A, frozen: true), ErrorCodes.TenantSuspended);
        await AssertEndedAsync(late.On(Cluster.B, frozen: true), ErrorCodes.TenantSuspended);
        await AssertEndedAsync(early.On(Cluster.B, frozen: true), ErrorCodes.TenantSuspended);
        Assert.NotEqual(Guid.Empty, lateId);

        // The tenant is usable again: a sign-in after the reactivation is a live session.
        Cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = new NodeClient(Cluster.B, host);
        await after.SignInAsync(email);
        Assert.NotEqual(lateId, await after.SessionIdAsync());
    }

    private static async Task AssertEndedAsync(NodeClient client, string code)
    {
        using var response = await client.GetAsync("/api/auth/get-session");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.Headers.TryGetValues("X-Session-Ended", out var ended),
            $"node {client.Node.Name} accepted the session: {(int)response.StatusCode} {body}");
        Assert.Equal(code, ended.Single());
    }
}
