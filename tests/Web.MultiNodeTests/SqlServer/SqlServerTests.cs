using System.Net;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Web.MultiNodeTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.SqlServer;

/// <summary>
/// The SQL Server suite: its migrations applied to a real server, two nodes on it, revocations crossing by polling,
/// cookies across nodes and restarts. SQL Server cannot run on these machines, so it runs only where
/// <c>TENANTSESSIONS_SQLSERVER</c> holds a connection string (<see cref="SqlServerFactAttribute"/>).
/// </summary>
public sealed class SqlServerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [SqlServerFact]
    public async Task RevocationsOnNodeAAreEnforcedOnNodeBWithinOneSecond()
    {
        await using var database = new SqlServerTestDatabase();
        await database.CreateAsync();
        await using var cluster = await NodeCluster.StartAsync(database, _ => NodeCluster.BaseSettings(database));
        var (tenantId, slug) = await cluster.CreateTenantAsync();
        var signedOut = await cluster.SignUpOnAAsync(slug);
        var suspended = await cluster.SignUpOnAAsync(slug);
        var signedOutOnB = signedOut.On(cluster.B, frozen: true);
        var suspendedOnB = suspended.On(cluster.B, frozen: true);
        await signedOutOnB.SessionIdAsync();
        await suspendedOnB.SessionIdAsync();

        var (bySignOut, signOutCode) = await Infrastructure.Propagation.MeasureAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await signedOut.PostJsonAsync("/api/auth/sign-out", null)).StatusCode),
            signedOutOnB, output, "SQL Server, polling (250 ms): user sign-out");
        var (bySuspension, suspensionCode) = await Infrastructure.Propagation.MeasureAsync(
            () => cluster.SuspendTenantAsync(cluster.A, tenantId), suspendedOnB, output, "SQL Server, polling (250 ms): tenant suspension");

        Assert.True(bySignOut < Promise, $"sign-out took {bySignOut.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.SessionRevoked, signOutCode);
        Assert.True(bySuspension < Promise, $"suspension took {bySuspension.TotalMilliseconds:F0} ms");
        Assert.Equal(ErrorCodes.TenantSuspended, suspensionCode);
    }

    /// <summary>The purge's SQL Server statements (a <c>TOP</c> CTE with <c>DELETE … OUTPUT</c>), batch by batch.</summary>
    [SqlServerFact]
    public async Task ThePurgeDeletesExpiredAndLongRevokedSessionsInBatchesAndKeepsLiveOnes()
    {
        await using var database = new SqlServerTestDatabase();
        await database.CreateAsync();
        await using var cluster = await NodeCluster.StartAsync(database, _ => new Dictionary<string, string?>(NodeCluster.BaseSettings(database))
        {
            ["Sessions:Purge:BatchSize"] = "1",
            ["Sessions:Purge:BatchPause"] = "00:00:00",
        });
        var (tenantId, slug) = await cluster.CreateTenantAsync();
        await cluster.SignUpOnAAsync(slug);
        var signedOut = await cluster.SignUpOnAAsync(slug);
        Assert.Equal(HttpStatusCode.OK, (await signedOut.PostJsonAsync("/api/auth/sign-out", null)).StatusCode);
        cluster.Clock.Advance(TimeSpan.FromDays(31));
        var live = await cluster.SignUpOnAAsync(slug);
        var liveId = await live.SessionIdAsync();

        using var scope = cluster.A.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeExpiredSessionsCommand());

        Assert.True(result.Completed);
        Assert.Equal((1, 1), (result.ExpiredSessions, result.RevokedSessions));
        var tenant = Assert.Single(result.Tenants);
        Assert.Equal((tenantId, 1, 1), (tenant.TenantId!.Value, tenant.ExpiredSessions, tenant.RevokedSessions));
        Assert.Equal([liveId], await cluster.A.DbAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => s.Id).ToListAsync()));
    }

    [SqlServerFact]
    public async Task CookiesIssuedByNodeAAreAcceptedByNodeBAndAfterARestartOfBoth()
    {
        await using var database = new SqlServerTestDatabase();
        await database.CreateAsync();
        await using var cluster = await NodeCluster.StartAsync(database, _ => NodeCluster.BaseSettings(database));
        var (_, slug) = await cluster.CreateTenantAsync();
        var onA = await cluster.SignUpOnAAsync(slug);
        var sessionId = await onA.SessionIdAsync();

        Assert.Equal(sessionId, await onA.On(cluster.B, frozen: true).SessionIdAsync());

        await cluster.RestartAsync();

        Assert.Equal(sessionId, await onA.On(cluster.A, frozen: true).SessionIdAsync());
        Assert.Equal(sessionId, await onA.On(cluster.B, frozen: true).SessionIdAsync());
    }
}
