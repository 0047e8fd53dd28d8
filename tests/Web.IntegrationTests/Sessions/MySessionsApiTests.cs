using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sessions.Queries.GetMySessionHistory;
using TenantSessions.Application.Sessions.Queries.ListMySessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>A person's own sessions: list, revoke one, the others, all of them; the ended-session history.</summary>
public abstract class MySessionsApiTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ListSessionsShowsOnlyTheCallersLiveSessionsInThisTenantWithTheCurrentOneFirst()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var phone = App.Client("acme");
        phone.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        await phone.SignInOkAsync("bob@acme.test");
        await App.SignedInAsync("acme", "alice@acme.test");
        var ended = await App.SignedInAsync("acme", "bob@acme.test");
        await ended.PostJsonAsync("/api/auth/sign-out", null);

        var list = await JsonAsync(await laptop.GetAsync("/api/auth/list-sessions"));

        Assert.Equal(2, list.GetArrayLength());
        var first = list[0];
        Assert.True(first.GetProperty("current").GetBoolean());
        Assert.Equal(await laptop.SessionIdAsync(), first.GetProperty("id").GetGuid());
        Assert.Equal("Firefox on Linux", first.GetProperty("deviceLabel").GetString());
        var second = list[1];
        Assert.False(second.GetProperty("current").GetBoolean());
        Assert.Equal("Safari on iPhone", second.GetProperty("deviceLabel").GetString());
        var bob = await App.UserAsync("bob@acme.test");
        Assert.All(list.EnumerateArray(), s => Assert.Equal(bob.Id, s.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task ListSessionsNeverExposesATokenOnlyIds()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.GetAsync("/api/auth/list-sessions");
        var body = await response.Content.ReadAsStringAsync();

        var item = (await JsonAsync(response))[0];
        Assert.Equal(item.GetProperty("id").GetString(), item.GetProperty("token").GetString());
        Assert.DoesNotContain(bob.SessionToken!, body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task RevokingOneOfMySessionsEndsItWithAFeedEntryAndAnAuditEvent()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");

        var response = await laptop.PostJsonAsync("/api/auth/revoke-session", new { token = phoneId });

        Assert.Equal("""{"status":true}""", await response.Content.ReadAsStringAsync());
        var row = await App.SessionRowAsync(phoneId);
        Assert.Equal(App.Clock.GetUtcNow(), row.RevokedAt);
        Assert.Equal(bob.Id, row.RevokedBy);
        Assert.Equal(RevokeReasons.RevokedByUser, row.RevokeReason);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == phoneId)));
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.SessionRevoked));
        Assert.Equal((bob.Id, bob.Id, phoneId, bob.TenantId, RevokeReasons.RevokedByUser), (audit.ActorUserId!.Value, audit.TargetUserId!.Value, audit.TargetSessionId!.Value, audit.TenantId, audit.Detail));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task RevokingMyCurrentSessionClearsMyCookies()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var id = await bob.SessionIdAsync();

        var response = await bob.PostJsonAsync("/api/auth/revoke-session", new { token = id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TestClient.SetCookies(response), c => c.Name == "ts_session" && c.Value.Length == 0);
        Assert.Null(bob.SessionToken);
        Assert.NotNull((await App.SessionRowAsync(id)).RevokedAt);
    }

    [Fact]
    public async Task RevokingAnAlreadyEndedSessionOfMineChangesNothing()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        await laptop.PostJsonAsync("/api/auth/revoke-session", new { token = phoneId });
        var revokedAt = (await App.SessionRowAsync(phoneId)).RevokedAt;
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await laptop.PostJsonAsync("/api/auth/revoke-session", new { token = phoneId });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(revokedAt, (await App.SessionRowAsync(phoneId)).RevokedAt);
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.SessionRevoked)));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public async Task ARevokeSessionTokenThatIsNoIdIsAValidationProblem(string token)
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var response = await bob.PostJsonAsync("/api/auth/revoke-session", new { token });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await CodeOf(response));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task ARevokeSessionBodyOfTheWrongTypeIsABadRequest()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.PostJsonAsync("/api/auth/revoke-session", new { token = 42 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", await CodeOf(response));
    }

    [Fact]
    public async Task RevokeOtherSessionsKeepsOnlyTheCurrentOneAndLeavesOtherPeopleAlone()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var tablet = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await phone.WarmCacheAsync(App);

        var response = await laptop.PostJsonAsync("/api/auth/revoke-other-sessions", null);

        Assert.Equal("""{"status":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tablet.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(1, (await JsonAsync(await laptop.GetAsync("/api/auth/list-sessions"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(2, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.RevokeReason == RevokeReasons.RevokedByUser)));
    }

    [Fact]
    public async Task RevokeSessionsEndsEveryOneOfMySessionsIncludingThisOne()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "alice@acme.test");

        var response = await laptop.PostJsonAsync("/api/auth/revoke-sessions", null);

        Assert.Equal("""{"status":true}""", await response.Content.ReadAsStringAsync());
        Assert.Null(laptop.SessionToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
        var bob = await App.UserAsync("bob@acme.test");
        Assert.False(await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AnyAsync(s => s.UserId == bob.Id && s.RevokedAt == null)));
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.RevokedAt == null)));
    }

    [Fact]
    public async Task TheSameEmailInAnotherTenantIsAnotherPersonWhoseSessionsAreNeverListedOrRevoked()
    {
        var acme = App.Client("acme");
        var globex = App.Client("globex");
        await App.OpenAsync("acme");
        await App.OpenAsync("globex");
        await App.SignUpVerifiedAsync(acme, "Frank", "frank@example.test", "Sup3r-secret");
        await App.SignUpVerifiedAsync(globex, "Frank", "frank@example.test", "Sup3r-secret");
        var globexSession = await globex.SessionIdAsync();

        var listed = await JsonAsync(await acme.GetAsync("/api/auth/list-sessions"));
        var revokeForeign = await acme.PostJsonAsync("/api/auth/revoke-session", new { token = globexSession });
        await acme.PostJsonAsync("/api/auth/revoke-sessions", null);

        Assert.Equal(1, listed.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, revokeForeign.StatusCode);
        Assert.Null((await App.SessionRowAsync(globexSession)).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task ListMySessionsQueryIsWhatThePageSends()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var sessions = await App.SendAsync(bob, (m, ct) => m.Send(new ListMySessionsQuery(), ct));

        Assert.Equal(2, sessions.Count);
        Assert.True(sessions[0].IsCurrent);
        Assert.False(sessions[1].IsCurrent);
    }

    [Fact]
    public async Task HistoryShowsWhoEndedEachSessionWhenAndWhy()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var byHimself = await App.SignedInAsync("acme", "bob@acme.test");
        var byAdmin = await App.SignedInAsync("acme", "bob@acme.test");
        var byPlatform = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobUser = await App.UserAsync("bob@acme.test");
        await bob.PostJsonAsync("/api/auth/revoke-session", new { token = await byHimself.SessionIdAsync() });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await byAdmin.SessionIdAsync() });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var platformSessionId = await byPlatform.SessionIdAsync();
        var bobSessionId = await bob.SessionIdAsync();
        await root.PostJsonAsync($"/api/platform/users/{bobUser.Id}/revoke-sessions", null);
        var again = await App.SignedInAsync("acme", "bob@acme.test");

        var history = await App.SendAsync(again, (m, ct) => m.Send(new GetMySessionHistoryQuery(), ct));

        Assert.Equal(4, history.Count);
        Assert.All(history.Take(2), h => Assert.Equal((RevokeReasons.RevokedByPlatform, SessionHistory.PlatformAdministrator, (Guid?)null), (h.Reason, h.EndedByName, h.EndedByUserId)));
        Assert.Contains(history, h => h.Id == platformSessionId);
        Assert.Contains(history, h => h.Id == bobSessionId);
        Assert.Equal((RevokeReasons.RevokedByAdmin, "Alice Admin"), (history[2].Reason, history[2].EndedByName));
        Assert.Equal((RevokeReasons.RevokedByUser, "Bob Member"), (history[3].Reason, history[3].EndedByName));
        Assert.True(history[0].EndedAt > history[2].EndedAt && history[2].EndedAt > history[3].EndedAt);
    }

    [Fact]
    public async Task HistoryReportsAnExpiredSessionAsExpiredByNobody()
    {
        var old = await App.SignedInAsync("acme", "bob@acme.test");
        var oldId = await old.SessionIdAsync();
        App.Clock.Advance(TimeSpan.FromDays(8));
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var history = await App.SendAsync(bob, (m, ct) => m.Send(new GetMySessionHistoryQuery(), ct));

        var entry = Assert.Single(history);
        Assert.Equal((oldId, RevokeReasons.Expired, (string?)null), (entry.Id, entry.Reason, entry.EndedByName));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMySessionsApiTests(SqliteAppFixture app) : MySessionsApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMySessionsApiTests(PostgresAppFixture app) : MySessionsApiTests(app);
