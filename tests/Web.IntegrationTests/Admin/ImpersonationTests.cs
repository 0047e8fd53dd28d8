using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Admin;

/// <summary>Issue 23 item 1: an administrator acts as a member (Better Auth's impersonate-user / stop-impersonating), done better than the anchors.</summary>
public abstract class ImpersonationTests(AppFixture app) : IntegrationTest(app)
{
    private const string Reason = "Ticket 4521: bob cannot see his invoices";

    [Fact]
    public async Task ImpersonationIsASeparateMarkedSessionOfTheMemberAndTheirOwnSessionsAreUntouched()
    {
        var alice = await AllowingAdminAsync();
        var bobOwn = await App.SignedInAsync("acme", "bob@acme.test");
        await bobOwn.WarmCacheAsync(App);
        var (aliceId, bobId) = ((await App.UserAsync("alice@acme.test")).Id, (await App.UserAsync("bob@acme.test")).Id);
        var aliceSession = await alice.SessionIdAsync();

        var started = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId, reason = Reason }));

        var session = await alice.GetSessionAsync();
        Assert.Equal(bobId, session.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal(aliceId, session.GetProperty("session").GetProperty("impersonatedBy").GetGuid());
        Assert.Equal(aliceId, started.GetProperty("session").GetProperty("impersonatedBy").GetGuid());
        Assert.Equal(JsonValueKindNull, (await bobOwn.GetSessionAsync()).GetProperty("session").GetProperty("impersonatedBy").ValueKind);
        var row = await App.SessionRowAsync(session.GetProperty("session").GetProperty("id").GetGuid());
        Assert.Equal((aliceId, aliceSession, Reason, false, AuthenticationMethods.Impersonation), (row.ImpersonatedBy!.Value, row.ImpersonatorSessionId!.Value, row.ImpersonationReason, row.IsPersistent, row.AuthenticationMethod));
        Assert.True(row.AbsoluteExpiresAt <= App.Clock.GetUtcNow().AddHours(1));
        var listed = (await JsonAsync(await bobOwn.GetAsync("/api/auth/list-sessions"))).EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.Single(listed, s => s.GetProperty("impersonatedBy").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal(HttpStatusCode.OK, (await bobOwn.GetAsync("/api/auth/list-sessions")).StatusCode);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.ImpersonationStarted));
        Assert.Equal((aliceId, bobId, Reason), (audit.ActorUserId!.Value, audit.TargetUserId!.Value, audit.Detail));
        Assert.Empty(await App.QueryAsync(db => db.EmailOutbox.Where(m => m.To == "bob@acme.test").ToListAsync()));
    }

    [Fact]
    public async Task StopEndsTheImpersonationThroughTheFeedAndGivesBackTheAdminsSessionAsItWas()
    {
        var alice = await AllowingAdminAsync();
        var aliceSession = await alice.SessionIdAsync();
        var aliceRowBefore = await App.SessionRowAsync(aliceSession);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId, reason = Reason });
        await alice.WarmCacheAsync(App);
        var impersonationId = await alice.SessionIdAsync();
        var kept = App.Replay(alice, alice.SessionToken, alice.CacheCookie);
        App.Clock.Advance(TimeSpan.FromMinutes(12));

        var stopped = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/stop-impersonating", null));

        Assert.Equal(aliceSession, stopped.GetProperty("session").GetProperty("id").GetGuid());
        Assert.Equal(aliceSession, await alice.SessionIdAsync());
        Assert.Equal(JsonValueKindNull, (await alice.GetSessionAsync()).GetProperty("session").GetProperty("impersonatedBy").ValueKind);
        var aliceRowAfter = await App.SessionRowAsync(aliceSession);
        Assert.Equal((Convert.ToHexString(aliceRowBefore.TokenHash), aliceRowBefore.AuthenticatedAt, aliceRowBefore.IsPersistent), (Convert.ToHexString(aliceRowAfter.TokenHash), aliceRowAfter.AuthenticatedAt, aliceRowAfter.IsPersistent));
        Assert.False(alice.Cookies.ContainsKey("ts_impersonator"));
        var row = await App.SessionRowAsync(impersonationId);
        Assert.Equal(RevokeReasons.ImpersonationEnded, row.RevokeReason);
        Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == impersonationId)));
        Assert.Equal("null", await (await kept.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.ImpersonationStopped));
        Assert.Equal("12 min", audit.Detail);
    }

    [Fact]
    public async Task AStolenImpersonationCookieAloneNeverYieldsTheAdminsSession()
    {
        var alice = await AllowingAdminAsync();
        await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = (await App.UserAsync("bob@acme.test")).Id, reason = Reason });
        var thief = App.Replay(alice, alice.SessionToken, null);
        thief.Cookies["ts_impersonator"] = "forged";

        var stopped = await thief.PostJsonAsync("/api/auth/admin/stop-impersonating", null);

        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal("""{"session":null,"user":null}""", await stopped.Content.ReadAsStringAsync());
        Assert.Equal("null", await (await thief.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        Assert.Equal("null", await (await alice.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhileImpersonatingSecuritySensitiveCommandsAreRefusedWithAClearErrorAndChangeNothing()
    {
        var alice = await AllowingAdminAsync();
        var bobOwn = await App.SignedInAsync("acme", "bob@acme.test");
        var bobOwnSession = await bobOwn.SessionIdAsync();
        await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = (await App.UserAsync("bob@acme.test")).Id, reason = Reason });
        var before = await App.SnapshotAsync();

        var refused = new[]
        {
            await alice.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passphrase!", revokeOtherSessions = true }),
            await alice.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword }),
            await alice.PostJsonAsync("/api/auth/change-email", new { newEmail = "bob.elsewhere@acme.test" }),
            await alice.PostJsonAsync("/api/auth/revoke-session", new { token = bobOwnSession }),
            await alice.PostJsonAsync("/api/auth/revoke-other-sessions", null),
            await alice.PostJsonAsync("/api/auth/revoke-sessions", null),
            await alice.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword }),
            await alice.PostJsonAsync("/api/auth/passkey/generate-register-options", null),
        };

        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("IMPERSONATION_REFUSED", await CodeOf(response));
        }

        Assert.Contains("acting as this person", (await JsonAsync(refused[0], HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheRulesOfWhoMayActAsWhom()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var carolId = (await App.UserAsync("carol@globex.test")).Id;

        var notAllowed = await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId, reason = Reason });
        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/impersonation-policy", new { adminsMayImpersonate = true, notifyImpersonatedPeople = false }));
        var noReason = await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId });
        var foreign = await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = carolId, reason = Reason });
        var erin = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "erin@acme.test", password = "Erin-Passw0rd!", name = "Erin", role = "admin" }));
        var admin = await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = erin.GetProperty("user").GetProperty("id").GetGuid(), reason = Reason });
        var member = await App.SignedInAsync("acme", "bob@acme.test");
        var byMember = await member.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = erin.GetProperty("user").GetProperty("id").GetGuid(), reason = Reason });
        App.Clock.Advance(TimeSpan.FromDays(2));
        var stale = await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = bobId, reason = Reason });

        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Contains("does not let its administrators", (await JsonAsync(notAllowed, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        Assert.True((await JsonAsync(noReason, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.ImpersonatedBy != null)));
    }

    [Fact]
    public async Task TheImpersonationEndsByItselfAfterAnHourWhateverTheActivity()
    {
        var alice = await AllowingAdminAsync();
        await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = (await App.UserAsync("bob@acme.test")).Id, reason = Reason });

        for (var i = 0; i < 5; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("null", await (await alice.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheWorkspaceCanAskThatThePersonIsToldByEmail()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/impersonation-policy", new { adminsMayImpersonate = true, notifyImpersonatedPeople = true }));

        await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/impersonate-user", new { userId = (await App.UserAsync("bob@acme.test")).Id, reason = Reason }));
        await App.DeliverEmailsAsync();

        var mail = await App.SingleMailToAsync("bob@acme.test", "viewing your account");
        Assert.Contains(Reason, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Alice Admin (alice@acme.test)", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnThePagesTheAdminStatesAReasonSeesTheBannerOnEveryPageStopsAndTheMemberSeesItInTheirHistory()
    {
        var alice = await AllowingAdminAsync();
        var bobOwn = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var form = await alice.PageAsync($"/admin/members/{bobId}/impersonate");

        var empty = await alice.SubmitAsync(form, "[data-testid=impersonate]", PageTestExtensions.Form(("reason", "")));
        var started = await alice.SubmitAsync(form, "[data-testid=impersonate]", PageTestExtensions.Form(("reason", Reason)));
        var home = await alice.PageAsync("/account/security");
        App.Clock.Advance(TimeSpan.FromMinutes(12));
        var stopped = await alice.SubmitAsync(home, "[data-testid=impersonation-banner] form");
        var history = await bobOwn.PageAsync("/account/security");

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Say why", (await Html.ParseAsync(empty)).Text(".field-validation-error"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Contains("You are acting as Bob Member", home.Text("[data-testid=impersonation-banner]"));
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Equal($"/admin/members/{bobId}", stopped.Location());
        Assert.Equal("alice@acme.test", (await alice.GetSessionAsync()).GetProperty("user").GetProperty("email").GetString());
        Assert.Empty((await alice.PageAsync("/admin/members")).QuerySelectorAll("[data-testid=impersonation-banner]"));
        Assert.Contains($"Alice Admin (alice@acme.test) viewed your account for 12 minutes: {Reason}", history.Texts("[data-testid=ended-reason]"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private async Task<TestClient> AllowingAdminAsync()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/impersonation-policy", new { adminsMayImpersonate = true, notifyImpersonatedPeople = false }));
        return alice;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteImpersonationTests(SqliteAppFixture app) : ImpersonationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresImpersonationTests(PostgresAppFixture app) : ImpersonationTests(app);
