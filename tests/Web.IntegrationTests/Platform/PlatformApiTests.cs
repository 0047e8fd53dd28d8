using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Platform.Commands.SuspendTenant;
using TenantSessions.Application.Platform.Queries.ListPlatformUsers;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Platform;

/// <summary>The superadmin on the platform host: tenants, suspension, revoking a tenant's or any user's sessions.</summary>
public abstract class PlatformApiTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TenantsListShowsStatusReasonMembersAndLiveSessions()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "alice@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var ended = await App.SignedInAsync("acme", "bob@acme.test");
        await ended.PostJsonAsync("/api/auth/sign-out", null);

        var tenants = (await JsonAsync(await root.GetAsync("/api/platform/tenants"))).GetProperty("tenants");

        var bySlug = tenants.EnumerateArray().ToDictionary(t => t.GetProperty("slug").GetString()!);
        Assert.Equal(["acme", "globex", "initech"], bySlug.Keys.Order().ToArray());
        Assert.Equal((2, 2, "active"), (bySlug["acme"].GetProperty("members").GetInt32(), bySlug["acme"].GetProperty("liveSessions").GetInt32(), bySlug["acme"].GetProperty("status").GetString()));
        Assert.Equal((1, 0), (bySlug["globex"].GetProperty("members").GetInt32(), bySlug["globex"].GetProperty("liveSessions").GetInt32()));
        Assert.Equal(("suspended", "Unpaid invoice"), (bySlug["initech"].GetProperty("status").GetString(), bySlug["initech"].GetProperty("suspensionReason").GetString()));
    }

    [Fact]
    public async Task SuspendingATenantRejectsEveryLiveSessionAtOnceWithTheReason()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await alice.WarmCacheAsync(App);
        await bob.WarmCacheAsync(App);
        var acme = await App.TenantAsync("acme");
        var rootUser = await App.UserAsync("root@platform.test");

        var response = await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/suspend", new { reason = "Unpaid invoice" });

        Assert.Equal("""{"success":true,"revokedSessions":2}""", await response.Content.ReadAsStringAsync());
        foreach (var client in new[] { alice, bob })
        {
            var refused = await client.GetAsync("/api/auth/list-sessions");
            var problem = await JsonAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("TENANT_SUSPENDED", problem.GetProperty("code").GetString());
            Assert.Equal("Acme Corp is suspended: Unpaid invoice", problem.GetProperty("detail").GetString());
        }

        var signIn = await App.Client("acme").SignInAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal("TENANT_SUSPENDED", await CodeOf(signIn));
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
        var rows = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.TenantId == acme.Id).ToListAsync());
        Assert.All(rows, r => Assert.Equal((RevokeReasons.TenantSuspended, rootUser.Id), (r.RevokeReason, r.RevokedBy!.Value)));
        var stored = await App.TenantAsync("acme");
        Assert.Equal((TenantStatus.Suspended, "Unpaid invoice"), (stored.Status, stored.SuspensionReason));
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Tenant && e.TargetId == acme.Id)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.TenantSuspended && e.TenantId == acme.Id && e.ActorUserId == rootUser.Id && e.Detail == "Unpaid invoice")));
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.SessionRevoked && e.Detail == RevokeReasons.TenantSuspended)));
    }

    [Fact]
    public async Task ReactivationLetsPeopleSignInAgainButDoesNotReviveEndedSessions()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.WarmCacheAsync(App);
        var token = alice.SessionToken;
        var cache = alice.CacheCookie;
        var acme = await App.TenantAsync("acme");
        await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/suspend", new { reason = "Unpaid invoice" });

        var response = await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/reactivate", null);

        Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync());
        var replay = await App.Replay(alice, token, cache).GetAsync("/api/auth/list-sessions");
        var problem = await JsonAsync(replay, HttpStatusCode.Unauthorized);
        Assert.Equal("TENANT_SUSPENDED", problem.GetProperty("code").GetString());
        Assert.Equal("Your session ended when Acme Corp was suspended. Sign in again.", problem.GetProperty("detail").GetString());
        Assert.NotNull((await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.TenantId == acme.Id))).RevokedAt);
        Assert.Equal(TenantStatus.Active, (await App.TenantAsync("acme")).Status);
        var again = await App.SignedInAsync("acme", "alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.TenantReactivated && e.TenantId == acme.Id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SuspensionNeedsAReason(string reason)
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "alice@acme.test");
        var acme = await App.TenantAsync("acme");
        var before = await App.SnapshotAsync();

        var response = await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/suspend", new { reason });

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AnUnknownTenantIsNotFoundAndAMalformedIdIsNoRoute()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var unknown = await root.PostJsonAsync($"/api/platform/tenants/{Guid.NewGuid()}/suspend", new { reason = "x" });
        var malformed = await root.PostJsonAsync("/api/platform/tenants/not-a-guid/suspend", new { reason = "x" });
        var unknownUser = await root.GetAsync($"/api/platform/users/{Guid.NewGuid()}/sessions");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NOT_FOUND", await CodeOf(unknown));
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal("NOT_FOUND", await CodeOf(malformed));
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
    }

    [Fact]
    public async Task RevokingATenantsSessionsEndsThemAllButTheTenantStaysOpen()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await alice.WarmCacheAsync(App);
        var acme = await App.TenantAsync("acme");

        var response = await root.PostJsonAsync($"/api/platform/tenants/{acme.Id}/revoke-sessions", null);

        Assert.Equal("""{"success":true,"revokedSessions":2}""", await response.Content.ReadAsStringAsync());
        var refused = await alice.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("SESSION_REVOKED", await CodeOf(refused));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(TenantStatus.Active, (await App.TenantAsync("acme")).Status);
        Assert.All(
            await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.TenantId == acme.Id).ToListAsync()),
            s => Assert.Equal(RevokeReasons.RevokedByPlatform, s.RevokeReason));
        await App.SignedInAsync("acme", "alice@acme.test");
    }

    [Fact]
    public async Task SuperadminListsAndRevokesAnyUsersSessionsAcrossTenants()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await bobLaptop.WarmCacheAsync(App);
        var bob = await App.UserAsync("bob@acme.test");
        var carolUser = await App.UserAsync("carol@globex.test");

        var listed = await JsonAsync(await root.GetAsync($"/api/platform/users/{bob.Id}/sessions"));
        var carolListed = await JsonAsync(await root.GetAsync($"/api/platform/users/{carolUser.Id}/sessions"));
        var revoked = await root.PostJsonAsync($"/api/platform/users/{bob.Id}/revoke-sessions", null);

        Assert.Equal(2, listed.GetProperty("sessions").GetArrayLength());
        Assert.Equal(("bob@acme.test", "acme", "Member"), (listed.GetProperty("user").GetProperty("email").GetString(), listed.GetProperty("user").GetProperty("tenant").GetProperty("slug").GetString(), listed.GetProperty("user").GetProperty("role").GetString()));
        Assert.Equal(await carol.SessionIdAsync(), carolListed.GetProperty("sessions")[0].GetProperty("id").GetGuid());
        Assert.Equal("""{"success":true,"revokedSessions":2}""", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobLaptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.All(
            await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.UserId == bob.Id).ToListAsync()),
            s => Assert.Equal(RevokeReasons.RevokedByPlatform, s.RevokeReason));
    }

    [Fact]
    public async Task SuperadminFindsUsersByTenantAndSearch()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var acme = await App.TenantAsync("acme");

        var all = (await JsonAsync(await root.GetAsync("/api/platform/users"))).GetProperty("users");
        var ofAcme = (await JsonAsync(await root.GetAsync($"/api/platform/users?tenantId={acme.Id}"))).GetProperty("users");
        var search = await App.SendAsync(root, (m, ct) => m.Send(new ListPlatformUsersQuery(Search: "carol"), ct));
        var badFilter = await root.GetAsync("/api/platform/users?tenantId=nope");

        Assert.Equal(5, all.GetArrayLength());
        Assert.Equal(new[] { "alice@acme.test", "bob@acme.test" }, ofAcme.EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToArray());
        Assert.Equal(1, ofAcme[1].GetProperty("liveSessions").GetInt32());
        Assert.Equal("carol@globex.test", Assert.Single(search).Email);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
    }

    [Fact]
    public async Task PlatformRoutesDoNotExistOnATenantHost()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var anonymous = App.Client("acme");
        var acme = await App.TenantAsync("acme");
        var before = await App.SnapshotAsync();

        var list = await alice.GetAsync("/api/platform/tenants");
        var suspend = await alice.PostJsonAsync($"/api/platform/tenants/{acme.Id}/suspend", new { reason = "x" });
        var anonymousList = await anonymous.GetAsync("/api/platform/tenants");

        foreach (var response in new[] { list, suspend, anonymousList })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NOT_FOUND", await CodeOf(response));
        }

        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task ATenantSessionCookieIsNobodyOnThePlatformHost()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var onPlatform = App.PlatformClient();
        onPlatform.Cookies["ts_session"] = alice.SessionToken!;

        var response = await onPlatform.GetAsync("/api/platform/tenants");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PlatformCommandsAreNotFoundOnATenantHostEvenForASuperadminPayload()
    {
        var root = await App.UserAsync("root@platform.test");
        var acme = await App.TenantAsync("acme");
        var before = await App.SnapshotAsync();
        var forged = Payload(root.Id, [Roles.PlatformSuperadmin], acme.Id);

        var suspend = await Assert.ThrowsAsync<NotFoundException>(() =>
            App.SendAsAsync("acme.localhost", forged, (m, ct) => m.Send(new SuspendTenantCommand(acme.Id, "x"), ct)));

        Assert.NotNull(suspend);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task TenantCommandsAreNotFoundOnThePlatformHostEvenForATenantAdminPayload()
    {
        var alice = await App.UserAsync("alice@acme.test");
        var forged = Payload(alice.Id, [Roles.TenantAdmin], null);

        var members = await Assert.ThrowsAsync<NotFoundException>(() =>
            App.SendAsAsync("localhost", forged, (m, ct) => m.Send(new ListMembersQuery(), ct)));

        Assert.NotNull(members);
    }

    private SessionPayload Payload(Guid userId, IReadOnlyList<string> roles, Guid? tenantId)
    {
        var now = App.Clock.GetUtcNow();
        return new SessionPayload(Guid.NewGuid(), userId, "x@example.test", "X", roles, tenantId, null, null, null, 1, now, now, now, now.AddDays(1), now.AddDays(30), true, null, null);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlatformApiTests(SqliteAppFixture app) : PlatformApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlatformApiTests(PostgresAppFixture app) : PlatformApiTests(app);
