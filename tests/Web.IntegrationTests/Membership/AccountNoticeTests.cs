using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Membership;

public abstract class AccountNoticeTests(AppFixture app) : IntegrationTest(app)
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Fact]
    public async Task ASignInFromANewDeviceIsReportedOnceWithALinkToTheSecurityPageAndNoToken()
    {
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.DeliverEmailsAsync();
        var sameDevice = App.Mail.To("bob@acme.test").Count;

        var chrome = App.Client("acme");
        chrome.UserAgent = Chrome;
        await chrome.SignInOkAsync("bob@acme.test");
        var notice = await App.SingleMailToAsync("bob@acme.test", "New sign-in");
        var againFromChrome = App.Client("acme");
        againFromChrome.UserAgent = Chrome;
        await againFromChrome.SignInOkAsync("bob@acme.test");
        await App.DeliverEmailsAsync();

        Assert.Equal(0, sameDevice);
        Assert.Equal("[Acme Corp] New sign-in to your account", notice.Subject);
        Assert.Contains("Chrome on Windows", notice.TextBody);
        Assert.Equal("http://acme.localhost/account/security", Assert.Single(notice.Links()).ToString());
        Assert.DoesNotContain(chrome.SessionToken!, notice.TextBody + notice.HtmlBody);
        Assert.Single(App.Mail.To("bob@acme.test"));
    }

    [Fact]
    public async Task TheNewSignInNoticeCanBeTurnedOffOnTheNoticesPage()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var page = await bob.PageAsync("/account/notifications");
        var off = await bob.SubmitAndFollowAsync(page, "main form[method=post]");
        var chrome = App.Client("acme");
        chrome.UserAgent = Chrome;
        await chrome.SignInOkAsync("bob@acme.test");
        await App.DeliverEmailsAsync();

        Assert.StartsWith("Off", off.Text("[data-testid=sign-in-notices]"));
        Assert.Empty(App.Mail.To("bob@acme.test"));
        Assert.False((await App.UserAsync("bob@acme.test")).NewSignInNotices);
    }

    [Fact]
    public async Task SessionsEndedByAnAdminOrThePlatformAreReported()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobId.ToString() });
        await bob.SignInOkAsync("bob@acme.test");
        await root.PostJsonAsync($"/api/platform/users/{bobId}/revoke-sessions", null);
        await App.DeliverEmailsAsync();

        var subjects = App.Mail.To("bob@acme.test").Select(m => m.Subject).ToList();
        Assert.Contains("[Acme Corp] An administrator of Acme Corp signed you out", subjects);
        Assert.Contains("[Acme Corp] The platform's administrators signed you out", subjects);
    }

    [Fact]
    public async Task AChangedPasswordAndABanAreReported()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var changed = await bob.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = "N3w-passw0rd!", revokeOtherSessions = true });
        var banned = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = (await App.UserAsync("bob@acme.test")).Id.ToString() });
        await App.DeliverEmailsAsync();

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, banned.StatusCode);
        var subjects = App.Mail.To("bob@acme.test").Select(m => m.Subject).ToList();
        Assert.Contains("[Acme Corp] Your password was changed", subjects);
        Assert.Contains("[Acme Corp] You were banned from Acme Corp", subjects);
    }

    [Fact]
    public async Task AFailedSendNeverFailsTheActionThatCausedIt()
    {
        App.Mail.Stop();
        try
        {
            var response = await App.Client("acme").PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test" });
            var delivery = await App.DeliverEmailsAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, delivery.Failed);
        }
        finally
        {
            App.Mail.Start();
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountNoticeTests(SqliteAppFixture app) : AccountNoticeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountNoticeTests(PostgresAppFixture app) : AccountNoticeTests(app);
