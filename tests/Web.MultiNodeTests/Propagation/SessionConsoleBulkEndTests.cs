using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Propagation;

/// <summary>
/// Issue 24, item 3: the session console ends a selection of 1,000 sessions through node A in one command — one
/// commit, one feed batch — and node B refuses all of them at once: between the first and the last of the thousand
/// becoming refused on node B there is less than one poll interval, and the cache cookies warm on node B are refused.
/// </summary>
public abstract class SessionConsoleBulkEndTests(NodeCluster cluster, ITestOutputHelper output)
{
    private const int Selection = 1000;
    private const int WarmMembers = 3;
    private static readonly TimeSpan AtOnce = TimeSpan.FromMilliseconds(250);

    protected NodeCluster Cluster { get; } = cluster;

    protected abstract string Transport { get; }

    [Fact]
    public async Task AThousandSessionsEndedOnNodeAInOneCommandAreRefusedOnNodeBAtOnce()
    {
        var (tenantId, slug) = await Cluster.CreateTenantAsync();
        var admin = await Cluster.SignUpOnAAsync(slug);
        await MakeAdminAsync(tenantId, await UserIdAsync(admin));
        var members = new List<NodeClient>();
        for (var i = 0; i < WarmMembers; i++)
        {
            members.Add(await Cluster.SignUpOnAAsync(slug));
        }

        var owners = new List<Guid>();
        var ids = new List<Guid>();
        var onB = new List<NodeClient>();
        foreach (var member in members)
        {
            owners.Add(await UserIdAsync(member));
            ids.Add(await member.SessionIdAsync());
            onB.Add(await WarmOnBAsync(member));
        }

        ids.AddRange(await AddSessionsAsync(tenantId, owners, Selection - WarmMembers));
        var list = Cluster.B.Service<RevocationList>();
        Assert.DoesNotContain(ids, id => list.IsRevoked(id, Guid.Empty, null, DateTimeOffset.MinValue));
        var stopwatch = Stopwatch.StartNew();

        var response = await admin.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = ids });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(Selection, JsonDocument.Parse(body).RootElement.GetProperty("revokedSessions").GetInt32());
        var (first, all) = await WatchNodeBAsync(list, ids, stopwatch);
        Infrastructure.Propagation.Record(output, $"{Transport}: {Selection} sessions ended; node B refused the first after {first.TotalMilliseconds:F0} ms and all after {all.TotalMilliseconds:F0} ms");
        Assert.True(all - first < AtOnce, $"node B refused the first after {first.TotalMilliseconds:F0} ms but the last only after {all.TotalMilliseconds:F0} ms");
        foreach (var client in onB)
        {
            using var refused = await client.GetAsync("/api/auth/get-session");
            Assert.Equal(ErrorCodes.SessionRevoked, refused.Headers.GetValues("X-Session-Ended").Single());
        }

        var stamps = await Cluster.A.DbAsync(db => db.RevocationFeed.Where(e => e.Kind == RevocationKind.Session && ids.Contains(e.TargetId)).Select(e => e.CreatedAt).ToListAsync());
        Assert.Equal(Selection, stamps.Count);
        Assert.Single(stamps.Distinct());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    /// <summary>Samples node B's feed until it refuses every id: when it refused the first, and when the last.</summary>
    private static async Task<(TimeSpan First, TimeSpan All)> WatchNodeBAsync(RevocationList list, IReadOnlyList<Guid> ids, Stopwatch stopwatch)
    {
        TimeSpan? first = null;
        while (true)
        {
            var refused = ids.Count(id => list.IsRevoked(id, Guid.Empty, null, DateTimeOffset.MinValue));
            if (refused > 0)
            {
                first ??= stopwatch.Elapsed;
            }

            if (refused == ids.Count)
            {
                return (first!.Value, stopwatch.Elapsed);
            }

            Assert.True(stopwatch.Elapsed < Infrastructure.Propagation.Bound, $"node B refuses {refused} of {ids.Count} after {stopwatch.Elapsed}");
            await Task.Delay(1);
        }
    }

    private async Task MakeAdminAsync(Guid tenantId, Guid userId)
    {
        await Cluster.A.DbAsync(async db =>
        {
            var role = await db.Roles.SingleAsync(r => r.Name == Domain.Users.Roles.TenantAdmin);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = role.Id });
            return await db.SaveChangesAsync();
        });
        await Cluster.A.CommitAsync((_, store) =>
        {
            store.UserChanged(userId);
            return Task.CompletedTask;
        });
    }

    private Task<List<Guid>> AddSessionsAsync(Guid tenantId, IReadOnlyList<Guid> owners, int count) => Cluster.A.DbAsync(async db =>
    {
        var now = Cluster.Clock.GetUtcNow();
        var rows = Enumerable.Range(0, count).Select(i => new Session(
            Guid.CreateVersion7(now), RandomNumberGenerator.GetBytes(32), tenantId, owners[i % owners.Count],
            new SessionLifetime(now - TimeSpan.FromMinutes(i), now + TimeSpan.FromDays(1), now + TimeSpan.FromDays(20)),
            "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux", isPersistent: true)).ToList();
        db.Sessions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    });

    private static async Task<Guid> UserIdAsync(NodeClient client)
    {
        using var response = await client.GetAsync("/api/auth/get-session");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("id").GetGuid();
    }

    private async Task<NodeClient> WarmOnBAsync(NodeClient onA)
    {
        var onB = onA.On(Cluster.B, frozen: true);
        var before = Cluster.B.SessionQueries.Count;

        await onB.SessionIdAsync();

        Assert.Equal(before, Cluster.B.SessionQueries.Count);
        return onB;
    }
}

public sealed class PollingSessionConsoleBulkEndTests(PollingClusterFixture fixture, ITestOutputHelper output)
    : SessionConsoleBulkEndTests(fixture.Cluster, output), IClassFixture<PollingClusterFixture>
{
    protected override string Transport => "polling (250 ms)";
}

public sealed class RedisSessionConsoleBulkEndTests(RedisClusterFixture fixture, ITestOutputHelper output)
    : SessionConsoleBulkEndTests(fixture.Cluster, output), IClassFixture<RedisClusterFixture>
{
    protected override string Transport => "Redis pub/sub (polling 1 s)";
}
