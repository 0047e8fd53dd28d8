using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 11, finding 7: under the strict Content-Security-Policy the pages and the Hangfire dashboard still work in a
/// real browser, and Chromium reports no violation on any of them.
/// </summary>
public sealed class ContentSecurityPolicyJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task PagesAndTheJobsDashboardWorkUnderTheContentSecurityPolicy()
    {
        var violations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{Page.Url}: {message.Text}");
            }
        };

        await SignInAsync("acme", "alice@acme.test");
        await Expect(Page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Corp");
        foreach (var path in new[] { "/account/security", "/admin/members", "/admin/settings" })
        {
            var response = await Page.GotoAsync(App.Url("acme", path));
            Assert.Equal(200, response!.Status);
        }

        await SignInAsync(null!, "root@platform.test");
        await Expect(Page).ToHaveURLAsync(App.Url(null, "/"));
        await Page.GotoAsync(App.Url(null, "/platform/tenants"));
        await Page.GotoAsync(App.Url(null, "/platform/jobs/recurring"));
        await Expect(Page.GetByText("sessions:purge")).ToBeVisibleAsync();
        await ScreenshotAsync("jobs-dashboard");
        var dashboardScriptsRan = await Page.EvaluateAsync<bool>("() => typeof window.Hangfire !== 'undefined' && typeof window.jQuery !== 'undefined'");
        var stylesheetApplied = await Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.navbar') || document.body).display");

        Assert.True(dashboardScriptsRan, "the dashboard's scripts did not run under the policy");
        Assert.NotEqual("", stylesheetApplied);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
