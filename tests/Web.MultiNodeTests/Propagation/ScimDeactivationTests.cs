using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Scim;
using TenantSessions.Domain.Scim;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Propagation;

/// <summary>
/// Issue 22, item 7: the directory deactivates a member through node A (Entra ID's PATCH, <c>active</c> as the string
/// "False"), and node B, where the member's cache cookie is warm, refuses the session: the one user "not before" feed
/// entry reaches it by Redis (or polling) within the feed's bound.
/// </summary>
public abstract class ScimDeactivationTests(NodeCluster cluster, ITestOutputHelper output)
{
    protected NodeCluster Cluster { get; } = cluster;

    protected abstract string Transport { get; }

    [Fact]
    public async Task ADeactivationThroughNodeAIsRefusedOnNodeBThroughAWarmCache()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var member = await Cluster.SignUpOnAAsync(slug);
        using var me = await member.GetAsync("/api/auth/get-session");
        var userId = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("id").GetGuid();
        var onB = member.On(Cluster.B, frozen: true);
        var before = Cluster.B.SessionQueries.Count;
        await onB.SessionIdAsync();
        Assert.Equal(before, Cluster.B.SessionQueries.Count);
        var secret = await Cluster.A.DbAsync(async db =>
        {
            var id = Guid.CreateVersion7();
            var (value, hash) = ScimTokens.New(id);
            db.ScimTokens.Add(new ScimToken(id, tenantId, "Entra ID", hash, Cluster.Clock.GetUtcNow(), null));
            await db.SaveChangesAsync();
            return value;
        });
        var directory = new NodeClient(Cluster.A, member.Host);

        var (elapsed, code) = await Infrastructure.Propagation.MeasureAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/scim/v2/Users/{userId}")
            {
                Content = new StringContent(
                    """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""",
                    Encoding.UTF8, "application/scim+json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var response = await directory.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }, onB, output, $"{Transport}: SCIM active:false");

        Assert.Equal(ErrorCodes.SessionRevoked, code);
        Assert.True(elapsed < Infrastructure.Propagation.Bound);
        using var onA = await member.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, onA.StatusCode);
    }
}

public sealed class PollingScimDeactivationTests(PollingClusterFixture fixture, ITestOutputHelper output)
    : ScimDeactivationTests(fixture.Cluster, output), IClassFixture<PollingClusterFixture>
{
    protected override string Transport => "polling (250 ms)";
}

public sealed class RedisScimDeactivationTests(RedisClusterFixture fixture, ITestOutputHelper output)
    : ScimDeactivationTests(fixture.Cluster, output), IClassFixture<RedisClusterFixture>
{
    protected override string Transport => "Redis pub/sub (polling 1 s)";
}
