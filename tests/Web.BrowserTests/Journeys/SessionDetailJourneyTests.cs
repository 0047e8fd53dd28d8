using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// A session in full — for its person, a tenant admin and a superadmin — and the ended device's notice that names the
/// device that ended it. Each state is checked at 1280 and 390 px with axe-core.
/// </summary>
public sealed class SessionDetailJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private const string FirefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

    [BrowserFact]
    public async Task BobOpensHisPhonesSessionEndsItAndThePhoneIsToldWhichDeviceDidIt()
    {
        await using var phoneContext = await DeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await using var laptopContext = await DeviceAsync(FirefoxOnWindows);
        var laptop = await laptopContext.NewPageAsync();
        await SignInOnAsync(laptop, "acme", "bob@acme.test");
        await laptop.GotoAsync(App.Url("acme", "/account/security"));

        await laptop.GetByTestId("session-row").Filter(new() { HasText = "Safari on iPhone" }).GetByRole(AriaRole.Link, new() { Name = "Safari on iPhone" }).ClickAsync();

        var detail = laptop.GetByTestId("session-detail");
        await Expect(detail.GetByTestId("user-agent")).ToHaveTextAsync(IPhoneSafari);
        await Expect(detail.GetByTestId("device-kind")).ToHaveAttributeAsync("data-kind", "phone");
        await Expect(detail.GetByTestId("authentication-method")).ToHaveTextAsync("Password");
        await Expect(detail.GetByTestId("absolute-expires-at")).ToBeVisibleAsync();
        await CheckBothSizesAsync("1-phone-session", laptop);

        await laptop.GetByRole(AriaRole.Link, new() { Name = "← Security" }).ClickAsync();
        await laptop.GetByTestId("session-row").Filter(new() { HasText = "Safari on iPhone" }).GetByRole(AriaRole.Button, new() { Name = "Sign out Safari on iPhone" }).ClickAsync();
        await laptop.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign out this device" }).ClickAsync();
        await Expect(laptop.GetByTestId("flash")).ToContainTextAsync("Signed out Safari on iPhone");
        await laptop.GetByTestId("ended-sessions").GetByRole(AriaRole.Link, new() { Name = "Safari on iPhone" }).ClickAsync();

        await Expect(detail.GetByTestId("session-state")).ToHaveTextAsync("Ended");
        await Expect(detail.GetByTestId("ended-reason")).ToHaveTextAsync("Ended from another device");
        await Expect(detail.GetByTestId("ended-by")).ToHaveTextAsync("You");
        await CheckBothSizesAsync("2-ended-session", laptop);

        await phone.ReloadAsync();

        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(phone.GetByTestId("ended-from")).ToHaveTextAsync("Firefox on Windows");
        await Expect(phone.GetByTestId("notice")).ToContainTextAsync("Your session was ended from Firefox on Windows at ");
        Assert.DoesNotContain("session", new Uri(phone.Url).Query.Replace("reason=REVOKED_BY_USER", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        await CheckBothSizesAsync("3-phone-told-which-device", phone);
    }

    [BrowserFact]
    public async Task AliceAndTheSuperadminOpenBobsSession()
    {
        await using var phoneContext = await DeviceAsync(IPhoneSafari);
        await SignInOnAsync(await phoneContext.NewPageAsync(), "acme", "bob@acme.test");
        await SignInOnAsync(Page, "acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await Page.GetByTestId("live-sessions").GetByRole(AriaRole.Link, new() { Name = "Safari on iPhone" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("A session of Bob Member");
        await Expect(Page.GetByTestId("user-agent")).ToHaveTextAsync(IPhoneSafari);
        await CheckBothSizesAsync("1-admin-view");

        await using var rootContext = await DeviceAsync();
        var root = await rootContext.NewPageAsync();
        await SignInOnAsync(root, null, "root@platform.test");
        await root.GotoAsync(App.Url(null, "/platform/users?q=bob"));
        await root.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await root.GetByTestId("live-sessions").GetByRole(AriaRole.Link, new() { Name = "Safari on iPhone" }).ClickAsync();

        await Expect(root.GetByTestId("session-state")).ToHaveTextAsync("Live");
        await Expect(root.GetByTestId("device-kind")).ToHaveAttributeAsync("data-kind", "phone");
        await CheckBothSizesAsync("2-platform-view", root);
    }

    private async Task<IBrowserContext> DeviceAsync(string? userAgent = null) =>
        await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            UserAgent = userAgent,
            Locale = "en-US",
            TimezoneId = "UTC",
        });

    private async Task SignInOnAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }
}
