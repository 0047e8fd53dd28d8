using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 25 item 11: the pages follow the system's colour scheme. With <c>prefers-color-scheme: dark</c> the page,
/// its cards, its buttons and its form fields turn dark (not just the page behind light cards), and back again with
/// light. Every other journey's <see cref="BrowserTest.CheckBothSizesAsync"/> runs axe-core in both schemes.
/// </summary>
public sealed class DarkModeJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string Colours = """
        () => {
          const style = selector => getComputedStyle(document.querySelector(selector));
          return JSON.stringify({
            page: style('body').backgroundColor,
            text: style('body').color,
            card: style('.card').backgroundColor,
            button: style('main .button:not(.secondary):not(.link)').color,
            scheme: style(':root').colorScheme,
          });
        }
        """;

    [BrowserFact]
    public async Task ThePagesTurnDarkWithTheSystemAndStayReadable()
    {
        await SignInAsync("acme", "bob@acme.test");
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        var light = await Page.EvaluateAsync<string>(Colours);
        Assert.Contains("\"page\":\"rgb(246, 248, 251)\"", light);
        Assert.Contains("\"card\":\"rgb(255, 255, 255)\"", light);
        Assert.Contains("\"button\":\"rgb(255, 255, 255)\"", light);

        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var dark = await Page.EvaluateAsync<string>(Colours);
        Assert.Contains("\"page\":\"rgb(18, 22, 29)\"", dark);
        Assert.Contains("\"card\":\"rgb(27, 33, 43)\"", dark);
        Assert.Contains("\"text\":\"rgb(230, 233, 239)\"", dark);
        Assert.Contains("\"button\":\"rgb(13, 21, 48)\"", dark);
        Assert.Contains("\"scheme\":\"light dark\"", dark);

        await CheckBothSizesAsync("security");

        await Page.GotoAsync(App.Url("acme", "/sign-in"));
        await CheckBothSizesAsync("sign-in-signed-in");
    }
}
