using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// Issue 12: the platform user page ends ONE session of a person (not only all), with a fresh session, CSRF-checked
/// and audited, and shows the ended sessions: which one, why, and which superadmin ended it.
/// </summary>
public abstract class PlatformUserSessionTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task SuperadminEndsOneSessionTheOtherLivesAndTheHistorySaysWhoAndWhy()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        await bobPhone.WarmCacheAsync(App);
        var phoneId = await bobPhone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");
        var rootUser = await App.UserAsync("root@platform.test");
        var page = await root.PageAsync($"/platform/users/{bob.Id}");

        var after = await root.SubmitAndFollowAsync(page, $"tr[data-session-id='{phoneId}'] form[action*='handler=Revoke']", Form(("confirmed", "true")));
        var phoneNext = await bobPhone.GetAsync("/api/auth/list-sessions");

        Assert.Equal(2, page.SessionIds().Count);
        Assert.Empty(page.QuerySelectorAll("[data-testid=ended-row]"));
        Assert.Equal("The session was ended.", after.Text("[data-testid=flash]"));
        Assert.Equal([await bobLaptop.SessionIdAsync()], after.SessionIds());
        Assert.Equal(HttpStatusCode.Unauthorized, phoneNext.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobLaptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        var ended = after.QuerySelector($"[data-testid=ended-sessions] tr[data-session-id='{phoneId}']")!;
        Assert.Equal("Ended by the platform's administrators", ended.QuerySelector("[data-testid=ended-reason]")!.TextContent);
        Assert.Equal("You", ended.QuerySelector("[data-testid=ended-by]")!.TextContent);
        Assert.Equal(RevokeReasons.RevokedByPlatform, (await App.SessionRowAsync(phoneId)).RevokeReason);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.SessionRevoked && e.TargetSessionId == phoneId));
        Assert.Equal(rootUser.Id, audit.ActorUserId);
    }

    [Fact]
    public async Task TheHistoryNamesWhoEndedEachSessionAndWhy()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var laptopId = await bobLaptop.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");
        await JsonAsync(await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{phoneId}/revoke", new { }));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await bobLaptop.PostJsonAsync("/api/auth/sign-out", new { }));

        var page = await root.PageAsync($"/platform/users/{bob.Id}");

        Assert.Equal([laptopId, phoneId], page.SessionIds("[data-testid=ended-sessions]"));
        Assert.Equal(["Bob Member", "You"], page.Texts("[data-testid=ended-sessions] [data-testid=ended-by]"));
        Assert.Equal("Ended by the platform's administrators", page.Texts("[data-testid=ended-sessions] [data-testid=ended-reason]")[1]);
        Assert.Empty(page.SessionIds());
    }

    [Fact]
    public async Task ASessionOfAnotherPersonIsNotFoundAndNothingChanges()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var bob = await App.UserAsync("bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        var carolSession = await carol.SessionIdAsync();
        var page = await root.PageAsync($"/platform/users/{bob.Id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await App.SnapshotAsync();

        var pagePost = await root.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/platform/users/{bob.Id}?handler=Revoke")
        {
            Content = new FormUrlEncodedContent(Form(("__RequestVerificationToken", token), ("sessionId", carolSession.ToString()))),
        });
        var apiPost = await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{carolSession}/revoke", new { });
        var unknown = await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{Guid.NewGuid()}/revoke", new { });

        Assert.Equal(HttpStatusCode.NotFound, pagePost.StatusCode);
        Assert.Equal("There is no such session for this person.", (await Html.ParseAsync(pagePost)).Text("[data-testid=error]"));
        Assert.Equal(HttpStatusCode.NotFound, apiPost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task EndingOneSessionNeedsTheTokenTheOwnOriginAndAFreshSession()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");

        var noToken = await root.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/platform/users/{bob.Id}?handler=Revoke")
        {
            Content = new FormUrlEncodedContent(Form(("sessionId", phoneId.ToString()))),
        });
        var foreignOrigin = await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{phoneId}/revoke", new { }, origin: "http://acme.localhost");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        phoneId = await bobPhone.SessionIdAsync();
        var stale = await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{phoneId}/revoke", new { });
        var page = await root.PageAsync($"/platform/users/{bob.Id}");
        var prompt = await Html.ParseAsync(await root.SubmitAsync(page, $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true"))));
        var stillLive = await bobPhone.GetAsync("/api/auth/list-sessions");
        var confirmed = await root.SubmitAndFollowAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Contains("To end this session, enter your password again.", prompt.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        Assert.Equal("The session was ended.", confirmed.Text("[data-testid=flash]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task TheApiEndsOneSessionAndSaysHowManyEnded()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");

        var first = await JsonAsync(await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{phoneId}/revoke", new { }));
        var second = await JsonAsync(await root.PostJsonAsync($"/api/platform/users/{bob.Id}/sessions/{phoneId}/revoke", new { }));

        Assert.Equal(1, first.GetProperty("revokedSessions").GetInt32());
        Assert.Equal(0, second.GetProperty("revokedSessions").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlatformUserSessionTests(SqliteAppFixture app) : PlatformUserSessionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlatformUserSessionTests(PostgresAppFixture app) : PlatformUserSessionTests(app);
