using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

public sealed class SignInJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task MemberSignsInSeesTheirWorkspaceAndSignsOut()
    {
        await Page.GotoAsync(App.Url("acme", "/sign-in"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Acme Corp" })).ToBeVisibleAsync();
        await ScreenshotAsync("1-sign-in");

        await SignInAsync("acme", "alice@acme.test");

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Expect(Page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Corp");
        await Expect(Page.GetByTestId("email")).ToHaveTextAsync("alice@acme.test");
        await Expect(Page.GetByTestId("tenant-status")).ToHaveTextAsync("Active");
        await ScreenshotAsync("2-home");

        await Page.GetByTestId("sign-out").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(Page.GetByTestId("notice")).ToHaveTextAsync("You signed out.");
        await ScreenshotAsync("3-signed-out");
        await Page.GotoAsync(App.Url("acme", "/"));
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
    }

    [BrowserFact]
    public async Task SuspendedWorkspaceExplainsWhyAndRefusesSignIn()
    {
        await Page.GotoAsync(App.Url("initech", "/sign-in"));

        await Expect(Page.GetByTestId("notice")).ToHaveTextAsync("Initech is suspended: Unpaid invoice");
        await ScreenshotAsync("1-sign-in");

        await SignInAsync("initech", "dave@initech.test");

        await Expect(Page.GetByTestId("errors")).ToContainTextAsync("Initech is suspended: Unpaid invoice");
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await ScreenshotAsync("2-refused");
        var cookies = await Page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name.Contains("session", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task UnknownWorkspaceShowsNoWorkspacePage()
    {
        var response = await Page.GotoAsync(App.Url("nowhere", "/"));

        Assert.Equal(404, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"No workspace at nowhere.localhost:{App.Port}");
        await ScreenshotAsync("1-not-found");
    }
}
