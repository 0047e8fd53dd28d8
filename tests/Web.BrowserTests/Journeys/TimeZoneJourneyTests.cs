using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// The pages and the Hangfire dashboard agree on the time zone: both show moments in the viewer's own zone (the pages
/// through local-time.js with the zone named and UTC in the tooltip, the dashboard through its moment.js), so a
/// superadmin in Tokyo reads Tokyo times on both. Without JavaScript the pages fall back to UTC, named as such.
/// </summary>
public sealed class TimeZoneJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task ASuperadminInTokyoReadsTokyoTimesOnThePagesAndOnTheJobsDashboard()
    {
        await using var tokyo = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "Asia/Tokyo",
        });
        var page = await tokyo.NewPageAsync();
        await page.GotoAsync(App.Url(null, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync("root@platform.test");
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(null, "/"));

        await page.GotoAsync(App.Url(null, "/platform/tenants"));

        var created = page.Locator("time[data-absolute][data-local=true]").First;
        await Expect(created).ToContainTextAsync("GMT+9");
        await Expect(created).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("UTC"));
        await Expect(page.GetByTestId("times-note")).ToContainTextAsync("your browser's time zone");
        await ScreenshotAsync("1-tenants-in-tokyo");

        await page.GotoAsync(App.Url(null, "/platform/jobs/recurring"));

        var moment = page.Locator("[data-moment]").First;
        // Hangfire's script writes the local time into the title, which Bootstrap's tooltip then keeps in data-original-title.
        await Expect(moment).ToHaveAttributeAsync("data-original-title", new System.Text.RegularExpressions.Regex("\\d"));
        var pair = await moment.EvaluateAsync<string[]>(
            "e => { const v = Number(e.dataset.moment); const at = new Date(v > 1e12 ? v : v * 1000); return [e.dataset.originalTitle || e.title, at.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Tokyo' })]; }");
        await ScreenshotAsync("2-dashboard-in-tokyo");

        Assert.Contains(pair[1], pair[0], StringComparison.Ordinal);
    }
}
