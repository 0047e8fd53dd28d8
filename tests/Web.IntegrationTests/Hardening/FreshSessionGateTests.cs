using System.Net;
using System.Reflection;
using Mediator;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// docs/security-requirements.md case 22: every command that changes security settings or acts on other people refuses a stale session
/// with <c>SESSION_NOT_FRESH</c> and changes nothing. Finding 2 of issue 11: the session policy (whose <c>freshAge</c>
/// could otherwise be raised to skip every later step-up), unban, reactivate and the purge were not gated.
/// </summary>
public abstract class FreshSessionGateTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AStaleAdminCannotRaiseFreshAgeToSkipTheStepUp()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        App.Clock.Advance(PastFreshAge);
        await alice.WarmCacheAsync(App);
        var before = await App.SnapshotAsync();

        var policy = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { freshAge = 30 * 24 * 3600 });
        var ban = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId });

        Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(policy));
        Assert.Equal(HttpStatusCode.Forbidden, ban.StatusCode);
        Assert.Null((await App.TenantAsync("acme")).Policy.FreshAge);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AStaleAdminCannotLiftABan()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        Assert.Equal(HttpStatusCode.OK, (await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId })).StatusCode);
        App.Clock.Advance(PastFreshAge);

        var unban = await alice.PostJsonAsync("/api/auth/admin/unban-user", new { userId = bobId });

        Assert.Equal(HttpStatusCode.Forbidden, unban.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(unban));
        Assert.True(Bans.IsBanned((await App.UserAsync("bob@acme.test")).LockoutEnd));
    }

    [Fact]
    public async Task AStaleSuperadminCannotReactivateATenantOrQueueAPurge()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var initech = await App.TenantAsync("initech");
        App.Clock.Advance(PastFreshAge);
        await root.WarmCacheAsync(App);
        var before = await App.SnapshotAsync();

        var reactivate = await root.PostJsonAsync($"/api/platform/tenants/{initech.Id}/reactivate", null);
        var purge = await root.PostJsonAsync("/api/platform/jobs/purge", null);

        Assert.Equal(HttpStatusCode.Forbidden, reactivate.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(reactivate));
        Assert.Equal(HttpStatusCode.Forbidden, purge.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(purge));
        Assert.Equal(TenantStatus.Suspended, (await App.TenantAsync("initech")).Status);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AFreshSuperadminCanReactivateAndPurge()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var initech = await App.TenantAsync("initech");

        var reactivate = await root.PostJsonAsync($"/api/platform/tenants/{initech.Id}/reactivate", null);
        var purge = await root.PostJsonAsync("/api/platform/jobs/purge", null);

        Assert.True(reactivate.IsSuccessStatusCode, $"reactivate: {(int)reactivate.StatusCode}");
        Assert.Equal(HttpStatusCode.Accepted, purge.StatusCode);
        Assert.Equal(TenantStatus.Active, (await App.TenantAsync("initech")).Status);
    }

    /// <summary>New admin or platform commands are covered the day they are written: none may skip the gate.</summary>
    [Fact]
    public void EveryAdminAndPlatformCommandNeedsAFreshSession()
    {
        var commands = typeof(TenantSessions.Application.DependencyInjection).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i == typeof(ICommand) || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)))
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>() is { Roles: { } roles } && (roles.Contains(Roles.TenantAdmin, StringComparison.Ordinal) || roles.Contains(Roles.PlatformSuperadmin, StringComparison.Ordinal)))
            .ToList();

        Assert.True(commands.Count >= 9, $"found only {commands.Count} admin/platform commands");
        Assert.Empty(commands.Where(t => !typeof(IRequireFreshSession).IsAssignableFrom(t)).Select(t => t.Name));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFreshSessionGateTests(SqliteAppFixture app) : FreshSessionGateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFreshSessionGateTests(PostgresAppFixture app) : FreshSessionGateTests(app);
