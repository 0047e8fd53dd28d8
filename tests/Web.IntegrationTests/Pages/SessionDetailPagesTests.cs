using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// One session in full — the person's own, a member's for a tenant admin, anybody's for a superadmin — and how it
/// ended. A session outside the viewer's reach (another person's, another workspace's) is a 404.
/// </summary>
public abstract class SessionDetailPagesTests(AppFixture app) : IntegrationTest(app)
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    [Fact]
    public async Task APersonSeesTheirOwnLiveSessionInFull()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var laptopId = await laptop.SessionIdAsync();
        var row = await App.SessionRowAsync(laptopId);

        var security = await laptop.PageAsync("/account/security");
        var page = await laptop.PageAsync($"/account/security/sessions/{laptopId}");

        Assert.Equal($"/account/security/sessions/{laptopId}", security.QuerySelector($"tr[data-session-id='{laptopId}'] a[data-testid=device]")?.GetAttribute("href"));
        Assert.Equal(Firefox, page.Text("[data-testid=user-agent]"));
        Assert.Equal("Firefox on Linux", page.Text("[data-testid=session-detail] h2"));
        Assert.Equal("desktop", page.QuerySelector("[data-testid=device-kind]")?.GetAttribute("data-kind"));
        Assert.Equal("This device", page.Text("[data-testid=session-state]"));
        Assert.Equal("Password", page.Text("[data-testid=authentication-method]"));
        Assert.Equal(row.IpAddress ?? "unknown", page.Text("[data-testid=ip]"));
        Assert.Equal(RelativeIso(row.ExpiresAt), page.QuerySelector("[data-testid=expires-at] time")?.GetAttribute("datetime"));
        Assert.Equal(RelativeIso(row.AbsoluteExpiresAt), page.QuerySelector("[data-testid=absolute-expires-at] time")?.GetAttribute("datetime"));
        Assert.Equal(RelativeIso(row.CreatedAt), page.QuerySelector("[data-testid=signed-in] time")?.GetAttribute("datetime"));
        Assert.Null(page.QuerySelector("[data-testid=ended-reason]"));
    }

    [Fact]
    public async Task AnEndedSessionSaysWhenWhyAndWho()
    {
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        await laptop.SubmitAndFollowAsync(await laptop.PageAsync("/account/security"), $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true")));

        var page = await laptop.PageAsync($"/account/security/sessions/{phoneId}");

        Assert.Equal("Ended", page.Text("[data-testid=session-state]"));
        Assert.Equal("Ended from another device", page.Text("[data-testid=ended-reason]"));
        Assert.Equal("You", page.Text("[data-testid=ended-by]"));
        Assert.Equal(RelativeIso((await App.SessionRowAsync(phoneId)).RevokedAt!.Value), page.QuerySelector("[data-testid=ended-at] time")?.GetAttribute("datetime"));
    }

    [Fact]
    public async Task AnotherPersonsSessionIsNotFoundOnTheSecurityPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.GetAsync($"/account/security/sessions/{await alice.SessionIdAsync()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnAdminSeesAMembersSessionAndWhoEndedIt()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await bobPhone.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");
        var member = await alice.PageAsync($"/admin/members/{bob.Id}");
        var live = await alice.PageAsync($"/admin/members/{bob.Id}/sessions/{phoneId}");
        await alice.SubmitAndFollowAsync(member, $"tr[data-session-id='{phoneId}'] form", Form(("confirmed", "true")));

        var ended = await alice.PageAsync($"/admin/members/{bob.Id}/sessions/{phoneId}");

        Assert.Equal($"/admin/members/{bob.Id}/sessions/{phoneId}", member.QuerySelector($"tr[data-session-id='{phoneId}'] a[data-testid=device]")?.GetAttribute("href"));
        Assert.Equal("Live", live.Text("[data-testid=session-state]"));
        Assert.Contains("Bob Member", live.Text("h1"), StringComparison.Ordinal);
        Assert.Equal("Ended by an administrator", ended.Text("[data-testid=ended-reason]"));
        Assert.Equal("Alice Admin", ended.Text("[data-testid=ended-by]"));
    }

    [Fact]
    public async Task AnAdminCannotOpenAnotherWorkspacesSessionOrAMismatchedMember()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var carolUser = await App.UserAsync("carol@globex.test");
        var aliceUser = await App.UserAsync("alice@acme.test");

        var foreign = await alice.GetAsync($"/admin/members/{carolUser.Id}/sessions/{await carol.SessionIdAsync()}");
        var mismatched = await alice.GetAsync($"/admin/members/{aliceUser.Id}/sessions/{await bobPhone.SessionIdAsync()}");
        var member = await bobPhone.GetAsync($"/admin/members/{aliceUser.Id}/sessions/{await alice.SessionIdAsync()}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Carol", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, mismatched.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, member.StatusCode);
    }

    [Fact]
    public async Task TheSuperadminSeesAnyPersonsSessionButNotUnderAnotherPerson()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolId = await carol.SessionIdAsync();
        var carolUser = await App.UserAsync("carol@globex.test");
        var bob = await App.UserAsync("bob@acme.test");

        var user = await root.PageAsync($"/platform/users/{carolUser.Id}");
        var page = await root.PageAsync($"/platform/users/{carolUser.Id}/sessions/{carolId}");
        var mismatched = await root.GetAsync($"/platform/users/{bob.Id}/sessions/{carolId}");

        Assert.Equal($"/platform/users/{carolUser.Id}/sessions/{carolId}", user.QuerySelector($"tr[data-session-id='{carolId}'] a[data-testid=device]")?.GetAttribute("href"));
        Assert.Equal(Firefox, page.Text("[data-testid=user-agent]"));
        Assert.Equal("Live", page.Text("[data-testid=session-state]"));
        Assert.Equal(HttpStatusCode.NotFound, mismatched.StatusCode);
    }

    private static string RelativeIso(DateTimeOffset at) => TenantSessions.Web.Pages.Shared.RelativeTime.Iso(at);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionDetailPagesTests(SqliteAppFixture app) : SessionDetailPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionDetailPagesTests(PostgresAppFixture app) : SessionDetailPagesTests(app);
