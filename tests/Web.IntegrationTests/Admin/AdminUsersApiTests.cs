using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Admin;

/// <summary>
/// Issue 23 item 2: the rest of Better Auth's admin plugin (create-user, list-users, get-user, update-user, set-role,
/// set-user-password, has-permission), tenant-scoped for a tenant admin and platform-wide for the superadmin.
/// </summary>
public abstract class AdminUsersApiTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ListUsersIsTheWorkspaceForATenantAdminAndEveryoneForTheSuperadmin()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");

        var acme = await JsonAsync(await alice.GetAsync("/api/auth/admin/list-users"));
        var everyone = await JsonAsync(await root.GetAsync("/api/auth/admin/list-users?sortBy=email&sortDirection=desc"));
        var searched = await JsonAsync(await alice.GetAsync("/api/auth/admin/list-users?searchValue=BOB&searchField=email&searchOperator=starts_with"));
        var admins = await JsonAsync(await root.GetAsync("/api/auth/admin/list-users?filterField=role&filterValue=admin&limit=1&offset=1"));

        Assert.Equal(["alice@acme.test", "bob@acme.test"], Emails(acme));
        Assert.Equal(2, acme.GetProperty("total").GetInt32());
        Assert.Equal("TenantAdmin", acme.GetProperty("users")[0].GetProperty("role").GetString());
        Assert.Equal("acme", acme.GetProperty("users")[0].GetProperty("tenant").GetProperty("slug").GetString());
        Assert.Equal(["root@platform.test", "dave@initech.test", "carol@globex.test", "bob@acme.test", "alice@acme.test"], Emails(everyone));
        Assert.Equal(["bob@acme.test"], Emails(searched));
        Assert.Equal(2, admins.GetProperty("total").GetInt32());
        Assert.Equal(["carol@globex.test"], Emails(admins));
        Assert.Equal(1, admins.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task AnotherWorkspacesPersonIsNotFoundExactlyLikeAMissingOne()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.UserAsync("carol@globex.test");
        var root = await App.UserAsync("root@platform.test");
        var before = await App.SnapshotAsync();

        var foreign = await alice.GetAsync($"/api/auth/admin/get-user?id={carol.Id}");
        var missing = await alice.GetAsync($"/api/auth/admin/get-user?id={Guid.NewGuid()}");
        var superadmin = await alice.GetAsync($"/api/auth/admin/get-user?id={root.Id}");
        var setRole = await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = carol.Id, role = "user" });
        var password = await alice.PostJsonAsync("/api/auth/admin/set-user-password", new { userId = carol.Id, newPassword = "An0ther-Passw0rd!" });
        var update = await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = carol.Id, data = new { name = "Mallory" } });

        Assert.All([foreign, missing, superadmin, setRole, password, update], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var (foreignBody, missingBody) = (await JsonAsync(foreign, HttpStatusCode.NotFound), await JsonAsync(missing, HttpStatusCode.NotFound));
        Assert.Equal(missingBody.GetProperty("detail").GetString(), foreignBody.GetProperty("detail").GetString());
        Assert.Equal(missingBody.GetProperty("code").GetString(), foreignBody.GetProperty("code").GetString());
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task GetUserAnswersTheUserAsBetterAuthDoes()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");

        var user = await JsonAsync(await alice.GetAsync($"/api/auth/admin/get-user?id={bob.Id}"));

        Assert.Equal(bob.Id, user.GetProperty("id").GetGuid());
        Assert.Equal("Bob Member", user.GetProperty("name").GetString());
        Assert.Equal("Member", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("emailVerified").GetBoolean());
        Assert.False(user.GetProperty("banned").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", user.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task CreateUserAddsAVerifiedPersonToTheWorkspaceWhoCanSignInAndATakenAddressIsRefused()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var created = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "erin@acme.test", password = "Erin-Passw0rd!", name = "Erin", role = "admin" }));
        var again = await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "ERIN@acme.test", password = "Erin-Passw0rd!", name = "Erin" });
        var erin = App.Client("acme");
        var signIn = await erin.SignInAsync("erin@acme.test", "Erin-Passw0rd!");
        var onGlobex = await App.Client("globex").SignInAsync("erin@acme.test", "Erin-Passw0rd!");

        Assert.Equal("erin@acme.test", created.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("TenantAdmin", created.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("USER_ALREADY_EXISTS", await CodeOf(again));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("TenantAdmin", (await erin.GetSessionAsync()).GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, onGlobex.StatusCode);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.UserCreated));
        Assert.Equal((await App.UserAsync("alice@acme.test")).Id, audit.ActorUserId);
    }

    [Fact]
    public async Task CreateUserNamesEachBadFieldAndCreatesNothing()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var response = await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "not-an-address", password = "short", name = "", role = "owner" });
        var wrongShape = await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "x@acme.test", name = "X", role = new[] { "admin", "user" }, data = new { banned = true } });

        var errors = (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.All(new[] { "email", "password", "name", "role" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task ASuperadminCreatesSomeoneInTheWorkspaceTheyName()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var globex = await App.TenantAsync("globex");

        var unnamed = await root.PostJsonAsync("/api/auth/admin/create-user", new { email = "frank@globex.test", password = "Frank-Passw0rd!", name = "Frank" });
        var created = await root.PostJsonAsync("/api/auth/admin/create-user", new { email = "frank@globex.test", password = "Frank-Passw0rd!", name = "Frank", data = new { tenantId = globex.Id } });

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("globex", (await JsonAsync(created)).GetProperty("user").GetProperty("tenant").GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.OK, (await App.Client("globex").SignInAsync("frank@globex.test", "Frank-Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task SetRoleReachesTheMembersWarmCacheAtOnce()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await bob.WarmCacheAsync(App);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/auth/admin/members")).StatusCode);

        var response = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = bobId, role = new[] { "admin" } }));

        Assert.Equal("TenantAdmin", response.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal("TenantAdmin", (await bob.GetSessionAsync()).GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/admin/members")).StatusCode);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.User && e.TargetId == bobId)));
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.RoleChanged));
        Assert.Equal("Member → TenantAdmin", audit.Detail);
    }

    [Fact]
    public async Task TheOnlyAdministratorCannotBeMadeAMemberAndAnUnknownRoleIsAFieldError()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;
        var before = await App.SnapshotAsync();

        var demote = await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = aliceId, role = "user" });
        var unknown = await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = aliceId, role = "PlatformSuperadmin" });

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("only administrator", (await JsonAsync(demote, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.True((await JsonAsync(unknown, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task SetUserPasswordEndsEverySessionEvenWithAWarmCacheAndTheNewPasswordWorks()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var response = await alice.PostJsonAsync("/api/auth/admin/set-user-password", new { userId = bobId, newPassword = "Bobs-N3w-Passw0rd!" });

        Assert.Equal("""{"status":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        var row = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().SingleAsync(s => s.UserId == bobId));
        Assert.Equal((RevokeReasons.PasswordReset, (await App.UserAsync("alice@acme.test")).Id), (row.RevokeReason, row.RevokedBy!.Value));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", "Bobs-N3w-Passw0rd!")).StatusCode);
        Assert.DoesNotContain(App.Logs.Lines, m => m.Contains("Bobs-N3w-Passw0rd!", StringComparison.Ordinal));
        var weak = await alice.PostJsonAsync("/api/auth/admin/set-user-password", new { userId = bobId, newPassword = "x" });
        Assert.True((await JsonAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task UpdateUserRenamesThePersonInTheirSessionsAndRefusesWhatHasItsOwnRoute()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var updated = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = bobId, data = new { name = "Robert Member" } }));
        var password = await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = bobId, data = new { password = "Whatever-1234" } });
        var email = await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = bobId, data = new { email = "mallory@evil.test" } });
        var nothing = await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = bobId, data = new { } });

        Assert.Equal("Robert Member", updated.GetProperty("name").GetString());
        Assert.Equal("Robert Member", (await bob.GetSessionAsync()).GetProperty("user").GetProperty("name").GetString());
        Assert.All([password, email, nothing], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);
    }

    [Fact]
    public async Task ChangesToPeopleNeedAFreshSessionAndChangeNothingWhenStale()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        App.Clock.Advance(PastFreshAge);
        await alice.WarmCacheAsync(App);
        var before = await App.SnapshotAsync();

        var responses = new[]
        {
            await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "erin@acme.test", name = "Erin" }),
            await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = bobId, role = "admin" }),
            await alice.PostJsonAsync("/api/auth/admin/set-user-password", new { userId = bobId, newPassword = "Bobs-N3w-Passw0rd!" }),
            await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = bobId, data = new { name = "Robert" } }),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("SESSION_NOT_FRESH", await CodeOf(response));
        }

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/admin/list-users")).StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AMemberCannotManagePeopleAndHasPermissionSaysWhatEachRoleMay()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;

        var list = await bob.GetAsync("/api/auth/admin/list-users");
        var setRole = await bob.PostJsonAsync("/api/auth/admin/set-role", new { userId = aliceId, role = "user" });
        var ask = new { permissions = new { user = new[] { "list", "set-role" }, session = new[] { "revoke" } } };
        var impersonateAdmins = new { permission = new { user = new[] { "impersonate-admins" } } };

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, setRole.StatusCode);
        Assert.Equal("""{"error":null,"success":false}""", await (await bob.PostJsonAsync("/api/auth/admin/has-permission", ask)).Content.ReadAsStringAsync());
        Assert.Equal("""{"error":null,"success":true}""", await (await alice.PostJsonAsync("/api/auth/admin/has-permission", ask)).Content.ReadAsStringAsync());
        Assert.False((await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/has-permission", impersonateAdmins))).GetProperty("success").GetBoolean());
        Assert.True((await JsonAsync(await root.PostJsonAsync("/api/auth/admin/has-permission", impersonateAdmins))).GetProperty("success").GetBoolean());
        Assert.False((await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/has-permission", new { permissions = new { user = new[] { "fly" } } }))).GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostJsonAsync("/api/auth/admin/has-permission", new { permissions = "all" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").PostJsonAsync("/api/auth/admin/has-permission", ask)).StatusCode);
    }

    [Fact]
    public async Task MalformedQueriesAndBodiesAreFieldErrorsNeverAServerError()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var responses = new[]
        {
            await alice.GetAsync("/api/auth/admin/list-users?limit=abc"),
            await alice.GetAsync("/api/auth/admin/list-users?limit=100000"),
            await alice.GetAsync("/api/auth/admin/list-users?sortBy=passwordHash"),
            await alice.GetAsync("/api/auth/admin/list-users?searchValue=x&searchField=passwordHash"),
            await alice.GetAsync("/api/auth/admin/list-users?filterField=role&filterValue=king"),
            await alice.GetAsync("/api/auth/admin/get-user?id=not-a-guid"),
            await alice.GetAsync("/api/auth/admin/get-user"),
            await alice.PostJsonAsync("/api/auth/admin/set-role", new { userId = "x", role = 5 }),
            await alice.PostJsonAsync("/api/auth/admin/update-user", new { userId = Guid.NewGuid(), data = "name" }),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    private static string[] Emails(JsonElement page) =>
        page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToArray();
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAdminUsersApiTests(SqliteAppFixture app) : AdminUsersApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminUsersApiTests(PostgresAppFixture app) : AdminUsersApiTests(app);
