using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Queries.GetMemberSessionHistory;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Admin;

/// <summary>A tenant admin's view of the staff and their sessions, revocations, and the tenant's session policy.</summary>
public abstract class TenantAdminApiTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task MembersListShowsEachPersonWithLiveSessionCountAndLastActivity()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var bobSignedInAt = App.Clock.GetUtcNow();

        var members = (await JsonAsync(await alice.GetAsync("/api/auth/admin/members"))).GetProperty("members");

        Assert.Equal(new[] { "alice@acme.test", "bob@acme.test" }, members.EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToArray());
        var bob = members[1];
        Assert.Equal("Bob Member", bob.GetProperty("name").GetString());
        Assert.Equal("Member", bob.GetProperty("role").GetString());
        Assert.Equal(2, bob.GetProperty("liveSessions").GetInt32());
        Assert.Equal(bobSignedInAt, bob.GetProperty("lastActiveAt").GetDateTimeOffset());
        Assert.False(bob.GetProperty("lockedOut").GetBoolean());
        Assert.Equal("TenantAdmin", members[0].GetProperty("role").GetString());
        Assert.Equal(1, members[0].GetProperty("liveSessions").GetInt32());
    }

    [Fact]
    public async Task AdminListsAMembersLiveSessions()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var ended = await App.SignedInAsync("acme", "bob@acme.test");
        await ended.PostJsonAsync("/api/auth/sign-out", null);
        var bobUser = await App.UserAsync("bob@acme.test");

        var sessions = (await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/list-user-sessions", new { userId = bobUser.Id }))).GetProperty("sessions");

        var only = Assert.Single(sessions.EnumerateArray());
        Assert.Equal(await bob.SessionIdAsync(), only.GetProperty("id").GetGuid());
        Assert.False(only.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task AdminRevokesOneSessionOfAMemberWithReasonActorFeedAndAudit()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptopId = await bobLaptop.SessionIdAsync();
        var aliceUser = await App.UserAsync("alice@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");

        var response = await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = laptopId });

        Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync());
        var row = await App.SessionRowAsync(laptopId);
        Assert.Equal((RevokeReasons.RevokedByAdmin, aliceUser.Id), (row.RevokeReason, row.RevokedBy!.Value));
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == laptopId)));
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.SessionRevoked));
        Assert.Equal((aliceUser.Id, bobUser.Id, laptopId, bobUser.TenantId, RevokeReasons.RevokedByAdmin), (audit.ActorUserId!.Value, audit.TargetUserId!.Value, audit.TargetSessionId!.Value, audit.TenantId, audit.Detail));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobLaptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AdminRevokesEverySessionOfAMember()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");

        var response = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobUser.Id });

        Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobLaptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(2, await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.SessionRevoked && e.TargetUserId == bobUser.Id)));
    }

    [Fact]
    public async Task RevokeUserSessionNamingAnotherMemberThanTheSessionsOwnerIsNotFound()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var aliceUser = await App.UserAsync("alice@acme.test");
        var before = await App.SnapshotAsync();

        var response = await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await bob.SessionIdAsync(), userId = aliceUser.Id });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task TenantAdminCannotListOrRevokeAnotherTenantsUsersOrSessions()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolUser = await App.UserAsync("carol@globex.test");
        var carolSession = await carol.SessionIdAsync();
        var before = await App.SnapshotAsync();

        var list = await alice.PostJsonAsync("/api/auth/admin/list-user-sessions", new { userId = carolUser.Id });
        var revokeOne = await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = carolSession });
        var revokeOneNamingHer = await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = carolSession, userId = carolUser.Id });
        var revokeAll = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = carolUser.Id });
        var revokeAsOwn = await alice.PostJsonAsync("/api/auth/revoke-session", new { token = carolSession });

        foreach (var response in new[] { list, revokeOne, revokeOneNamingHer, revokeAll, revokeAsOwn })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NOT_FOUND", await CodeOf(response));
        }

        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsAdminSeesOnlyHerOwnMembers()
    {
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var members = (await JsonAsync(await carol.GetAsync("/api/auth/admin/members"))).GetProperty("members");

        Assert.Equal(new[] { "carol@globex.test" }, members.EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToArray());
    }

    [Fact]
    public async Task AMemberCannotRevokeAPeersSession()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var aliceSession = await alice.SessionIdAsync();
        var aliceUser = await App.UserAsync("alice@acme.test");
        var before = await App.SnapshotAsync();

        var asOwn = await bob.PostJsonAsync("/api/auth/revoke-session", new { token = aliceSession });
        var asAdmin = await bob.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = aliceSession });
        var allAsAdmin = await bob.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = aliceUser.Id });

        Assert.Equal(HttpStatusCode.NotFound, asOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeOf(asAdmin));
        Assert.Equal(HttpStatusCode.Forbidden, allAsAdmin.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task SessionPolicyShowsTheTenantsValuesThePlatformDefaultsAndTheResult()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var policy = await JsonAsync(await alice.GetAsync("/api/auth/admin/session-policy"));

        Assert.Equal(JsonValueKind.Null, policy.GetProperty("tenant").GetProperty("expiresIn").ValueKind);
        Assert.Equal(7 * 86400, policy.GetProperty("defaults").GetProperty("expiresIn").GetInt64());
        Assert.Equal(86400, policy.GetProperty("defaults").GetProperty("updateAge").GetInt64());
        Assert.Equal(86400, policy.GetProperty("defaults").GetProperty("freshAge").GetInt64());
        Assert.Equal(30 * 86400, policy.GetProperty("defaults").GetProperty("absoluteLifetime").GetInt64());
        Assert.Equal(7 * 86400, policy.GetProperty("effective").GetProperty("expiresIn").GetInt64());
        Assert.Equal("endOldest", policy.GetProperty("effective").GetProperty("concurrentSessionAction").GetString());
    }

    [Fact]
    public async Task UpdatingTheSessionPolicyPersistsItAnnouncesTheChangeAndAuditsIt()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var acme = await App.TenantAsync("acme");

        var response = await alice.PutJsonAsync("/api/auth/admin/session-policy", new
        {
            expiresIn = 3600, updateAge = 600, freshAge = 900, absoluteLifetime = 86400, maxConcurrentSessions = 3, concurrentSessionAction = "refuseNew",
        });

        var body = await JsonAsync(response);
        Assert.Equal(3600, body.GetProperty("tenant").GetProperty("expiresIn").GetInt64());
        Assert.Equal(3600, body.GetProperty("effective").GetProperty("expiresIn").GetInt64());
        Assert.Equal("refuseNew", body.GetProperty("tenant").GetProperty("concurrentSessionAction").GetString());
        var stored = await App.TenantAsync("acme");
        Assert.Equal(
            new TenantSessionPolicy
            {
                ExpiresIn = TimeSpan.FromHours(1), UpdateAge = TimeSpan.FromMinutes(10), FreshAge = TimeSpan.FromMinutes(15), AbsoluteLifetime = TimeSpan.FromDays(1),
                MaxConcurrentSessions = 3, ConcurrentSessionAction = ConcurrentSessionAction.RefuseNew,
            },
            stored.Policy);
        Assert.Equal(acme.Version + 1, stored.Version);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.TenantChanged && e.TargetId == acme.Id)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.PolicyChanged && e.TenantId == acme.Id)));
        Assert.Null((await App.TenantAsync("globex")).Policy.ExpiresIn);
    }

    [Fact]
    public async Task ClearingAPolicyValueFallsBackToThePlatformDefault()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PutJsonAsync("/api/auth/admin/session-policy", new { expiresIn = 3600, updateAge = 600 });

        var body = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/session-policy", new { }));

        Assert.Equal(JsonValueKind.Null, body.GetProperty("tenant").GetProperty("expiresIn").ValueKind);
        Assert.Equal(7 * 86400, body.GetProperty("effective").GetProperty("expiresIn").GetInt64());
        Assert.Equal(new TenantSessionPolicy(), (await App.TenantAsync("acme")).Policy);
    }

    public static TheoryData<string, string> InvalidPolicies => new()
    {
        { """{"expiresIn":60}""", "expiresIn" },
        { """{"expiresIn":3600,"updateAge":7200}""", "updateAge" },
        { """{"expiresIn":864000,"absoluteLifetime":3600}""", "absoluteLifetime" },
        { """{"expiresIn":3456000,"absoluteLifetime":2592000}""", "absoluteLifetime" },
        { """{"freshAge":10}""", "freshAge" },
        { """{"maxConcurrentSessions":0}""", "maxConcurrentSessions" },
        { """{"maxConcurrentSessions":1000}""", "maxConcurrentSessions" },
        { """{"updateAge":-5}""", "updateAge" },
        { """{"absoluteLifetime":99999999999999}""", "absoluteLifetime" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public async Task AnInsanePolicyIsRefusedAndNothingChanges(string json, string field)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var before = await App.SnapshotAsync();

        var response = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/auth/admin/session-policy")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AnUnknownConcurrentSessionActionIsABadRequest()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var response = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { concurrentSessionAction = "kickEveryone" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", await CodeOf(response));
    }

    [Fact]
    public async Task MemberHistoryShowsTheEndedSessionsOfAMemberOfThisTenantOnly()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobSession = await bob.SessionIdAsync();
        var bobUser = await App.UserAsync("bob@acme.test");
        var carolUser = await App.UserAsync("carol@globex.test");
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobUser.Id });

        var history = await App.SendAsync(alice, (m, ct) => m.Send(new GetMemberSessionHistoryQuery(bobUser.Id), ct));
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => App.SendAsync(alice, (m, ct) => m.Send(new GetMemberSessionHistoryQuery(carolUser.Id), ct)));

        var entry = Assert.Single(history);
        Assert.Equal((bobSession, RevokeReasons.RevokedByAdmin, "Alice Admin"), (entry.Id, entry.Reason, entry.EndedByName));
        Assert.NotNull(foreign);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTenantAdminApiTests(SqliteAppFixture app) : TenantAdminApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantAdminApiTests(PostgresAppFixture app) : TenantAdminApiTests(app);
