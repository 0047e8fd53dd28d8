using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Platform.Commands.RenameTenant;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Propagation;

/// <summary>
/// Sign in through node A, warm the cookie cache on node B (a hit there costs no session query), revoke through node
/// A, and the very same cookies are refused on node B in under a second.
/// </summary>
public abstract class PropagationTests(NodeCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    protected NodeCluster Cluster { get; } = cluster;

    protected abstract string Transport { get; }

    [Fact]
    public async Task SignOutOnNodeAIsEnforcedOnNodeBWithinOneSecond()
    {
        var (_, slug) = await Cluster.CreateTenantAsync();
        var onA = await Cluster.SignUpOnAAsync(slug);
        var onB = await WarmOnBAsync(onA);

        var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await onA.PostJsonAsync("/api/auth/sign-out", null)).StatusCode),
            onB, output, $"{Transport}: user sign-out");

        Assert.True(elapsed < Promise, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.SessionRevoked, code);
        await AssertDeliveredAsync();
    }

    [Fact]
    public async Task AdminRevocationOnNodeAIsEnforcedOnNodeBWithinOneSecond()
    {
        var (_, slug) = await Cluster.CreateTenantAsync();
        var onA = await Cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();
        var onB = await WarmOnBAsync(onA);

        var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(
            () => Cluster.RevokeAsAdminAsync(Cluster.A, sessionId), onB, output, $"{Transport}: admin revocation");

        Assert.True(elapsed < Promise, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.SessionRevoked, code);
        await AssertDeliveredAsync();
    }

    [Fact]
    public async Task TenantSuspensionOnNodeAIsEnforcedOnNodeBWithinOneSecond()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var onA = await Cluster.SignUpOnAAsync(slug);
        var onB = await WarmOnBAsync(onA);

        var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(
            () => Cluster.SuspendTenantAsync(Cluster.A, tenantId), onB, output, $"{Transport}: tenant suspension");

        Assert.True(elapsed < Promise, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.TenantSuspended, code);
        await AssertDeliveredAsync();
    }

    [Fact]
    public async Task ATenantRenamedThroughNodeAIsSeenOnNodeBThroughAWarmCache()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var onA = await Cluster.SignUpOnAAsync(slug);
        var onB = await WarmOnBAsync(onA);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Cluster.A.CommitAsync(async (db, store) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            TenantRenaming.Rename(tenant, "Renamed on node A", store);
        });
        string? name;
        do
        {
            using var response = await onB.GetAsync("/api/auth/get-session");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            name = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
                .GetProperty("user").GetProperty("tenant").GetProperty("name").GetString();
            if (name != "Renamed on node A")
            {
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"node B still shows {name} after {stopwatch.Elapsed}");
                await Task.Delay(10);
            }
        }
        while (name != "Renamed on node A");

        output.WriteLine($"{Transport}: rename seen on node B after {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        await AssertDeliveredAsync();
    }

    /// <summary>
    /// Issue 23: an administrator acts as a member through node A, the impersonation's cookies are warm on node B, and
    /// "stop" through node A ends the impersonation session on node B too (through the store and the feed), while the
    /// administrator's own session is back on node A as it was.
    /// </summary>
    [Fact]
    public async Task AnImpersonationStoppedOnNodeAIsEnforcedOnNodeBThroughAWarmCache()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var admin = await Cluster.SignUpOnAAsync(slug);
        var adminSession = await admin.SessionIdAsync();
        var member = await Cluster.SignUpOnAAsync(slug);
        var memberId = await UserIdAsync(member);
        var adminId = await UserIdAsync(admin);
        await Cluster.A.DbAsync(async db =>
        {
            var adminRole = await db.Roles.SingleAsync(r => r.Name == Domain.Users.Roles.TenantAdmin);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = adminId, RoleId = adminRole.Id });
            (await db.Tenants.SingleAsync(t => t.Id == tenantId)).ChangeImpersonationPolicy(adminsMayImpersonate: true, notifyImpersonatedPeople: false);
            return await db.SaveChangesAsync();
        });
        await Cluster.A.CommitAsync((_, store) =>
        {
            store.UserChanged(adminId);
            return Task.CompletedTask;
        });
        var started = await admin.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = memberId, reason = "Multi-node check" });
        Assert.True(started.StatusCode == HttpStatusCode.OK, await started.Content.ReadAsStringAsync());
        var impersonation = await admin.SessionIdAsync();
        var onB = await WarmOnBAsync(admin);
        using (var seen = await onB.GetAsync("/api/auth/get-session"))
        {
            var session = System.Text.Json.JsonDocument.Parse(await seen.Content.ReadAsStringAsync()).RootElement.GetProperty("session");
            Assert.Equal(adminId, session.GetProperty("impersonatedBy").GetGuid());
        }

        var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/auth/admin/stop-impersonating", null)).StatusCode),
            onB, output, $"{Transport}: impersonation stopped");

        Assert.True(elapsed < Promise, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.SessionRevoked, code);
        Assert.NotEqual(impersonation, adminSession);
        Assert.Equal(adminSession, await admin.SessionIdAsync());
        await AssertDeliveredAsync();
    }

    private static async Task<Guid> UserIdAsync(NodeClient client)
    {
        using var response = await client.GetAsync("/api/auth/get-session");
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("id").GetGuid();
    }

    /// <summary>Proves the transport under test carried the entry (not only the polling safety net).</summary>
    protected virtual Task AssertDeliveredAsync() => Task.CompletedTask;

    private async Task<NodeClient> WarmOnBAsync(NodeClient onA)
    {
        var onB = onA.On(Cluster.B, frozen: true);
        var before = Cluster.B.SessionQueries.Count;

        await onB.SessionIdAsync();

        Assert.Equal(before, Cluster.B.SessionQueries.Count);
        Assert.True(Cluster.B.Service<RevocationList>().IsTrusted);
        return onB;
    }
}

public sealed class PollingPropagationTests(PollingClusterFixture fixture, ITestOutputHelper output)
    : PropagationTests(fixture.Cluster, output), IClassFixture<PollingClusterFixture>
{
    protected override string Transport => "polling (250 ms)";
}

public sealed class RedisPropagationTests(RedisClusterFixture fixture, ITestOutputHelper output)
    : PropagationTests(fixture.Cluster, output), IClassFixture<RedisClusterFixture>
{
    private readonly long _receivedBefore = fixture.Cluster.B.Service<RedisRevocationChannel>().ReceivedEntries;

    protected override string Transport => "Redis pub/sub (polling 1 s)";

    protected override async Task AssertDeliveredAsync()
    {
        var channel = Cluster.B.Service<RedisRevocationChannel>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (channel.ReceivedEntries == _receivedBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(channel.ReceivedEntries > _receivedBefore, "node B received nothing over Redis");
    }
}
