using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>
/// Issue 23, item 7 (ADR-030): a cookie holding the verifier a rotation (step-up, password change) retired, presented
/// after the grace, is treated as a stolen copy: the session ends (<c>TOKEN_REPLAY</c>) through the store and the
/// feed, the person is e-mailed, the admins see it in the audit log. Within the grace it is only refused, cookies kept.
/// </summary>
public abstract class TokenReplayTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task AnOldCookieReplayedAfterAStepUpEndsTheSessionTellsThePersonAndShowsInTheAuditLog()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var sessionId = await bob.SessionIdAsync();
        await bob.WarmCacheAsync(App);
        var (oldToken, oldCache) = (bob.SessionToken, bob.CacheCookie);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        App.Clock.Advance(PastGrace);

        var replay = await App.Replay(bob, oldToken, oldCache).GetAsync("/api/auth/list-sessions");
        var holder = await bob.GetAsync("/api/auth/list-sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("SESSION_REVOKED", await CodeOf(replay));
        Assert.Contains(TestClient.SetCookies(replay), c => c.Name.Value == "ts_session" && (c.Value.Length == 0 || c.MaxAge <= TimeSpan.Zero || c.Expires <= DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, holder.StatusCode);
        Assert.Equal("SESSION_REVOKED", await CodeOf(holder));
        var row = await App.SessionRowAsync(sessionId);
        Assert.Equal(RevokeReasons.TokenReplay, row.RevokeReason);
        Assert.Null(row.RevokedBy);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == sessionId)));
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.TargetSessionId == sessionId).ToListAsync());
        Assert.Contains(audit, e => e.Action == AuditActions.SessionRevoked && e.Detail == RevokeReasons.TokenReplay);
        Assert.Contains(audit, e => e.Action == AuditActions.TokenReplayed && e.TargetUserId == bobId);
        var log = await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events"));
        Assert.Contains(log.GetProperty("events").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == AuditActions.TokenReplayed && e.GetProperty("label").GetString() == "Old session cookie replayed (session ended)");
        await App.DeliverEmailsAsync();
        var mail = Assert.Single(App.Mail.To("bob@acme.test"), m => m.Subject == "[Acme Corp] We ended a session that someone else may have copied");
        Assert.Contains("the old cookie was used again", mail.TextBody);
        Assert.DoesNotContain(oldToken!, mail.TextBody);
    }

    [Fact]
    public async Task AnOldCookieReplayedAfterAPasswordChangeEndsTheSessionToo()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var sessionId = await bob.SessionIdAsync();
        var oldToken = bob.SessionToken;
        var changed = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!", revokeOtherSessions = false });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        App.Clock.Advance(TimeSpan.FromHours(2));

        var replay = await App.Replay(bob, oldToken, null).GetAsync("/api/auth/get-session");

        Assert.Equal(RevokeReasons.TokenReplay, (await App.SessionRowAsync(sessionId)).RevokeReason);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal("null", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithinTheGraceTheOldCookieIsRefusedButNeitherEndsTheSessionNorClearsTheCookies()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var sessionId = await bob.SessionIdAsync();
        var oldToken = bob.SessionToken;
        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        App.Clock.Advance(TimeSpan.FromSeconds(29));

        // The request that left with the old cookie just before the step-up answered.
        var inFlight = await App.Replay(bob, oldToken, null).GetAsync("/api/auth/list-sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, inFlight.StatusCode);
        Assert.DoesNotContain(TestClient.SetCookies(inFlight), c => c.Name.Value is "ts_session" or "ts_session_cache");
        Assert.Null((await App.SessionRowAsync(sessionId)).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.False(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.TokenReplayed)));
    }

    [Fact]
    public async Task AVerifierNeverIssuedForTheSessionIsUnknownNotTheft()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var sessionId = await bob.SessionIdAsync();
        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        App.Clock.Advance(TimeSpan.FromHours(1));
        var (forged, _) = TenantSessions.Infrastructure.SessionEngine.Tokens.SessionToken.Generate(sessionId);

        var response = await App.Replay(bob, forged, null).GetAsync("/api/auth/list-sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null((await App.SessionRowAsync(sessionId)).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AfterARotationTheGoodPathCostsWhatItDidACacheHitNoCommandAndTheDatabasePathOneRead()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        App.Clock.Advance(PastGrace);
        await bob.GetSessionAsync();

        var cacheHit = App.Commands.Count;
        await bob.GetSessionAsync();
        cacheHit = App.Commands.Count - cacheHit;
        var databasePath = App.Commands.Count;
        var read = await App.Replay(bob, bob.SessionToken, null).GetAsync("/api/auth/get-session");
        databasePath = App.Commands.Count - databasePath;

        Assert.Equal(0, cacheHit);
        Assert.Equal(1, databasePath);
        Assert.Equal(JsonValueKind.Object, (await JsonAsync(read)).ValueKind);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTokenReplayTests(SqliteAppFixture app) : TokenReplayTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTokenReplayTests(PostgresAppFixture app) : TokenReplayTests(app);
