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

    [BrowserFact]
    public async Task NewcomerSignsUpConfirmsTheirAddressAndLandsInTheWorkspace()
    {
        await Page.GotoAsync(App.Url("acme", "/sign-up"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Join Acme Corp" })).ToBeVisibleAsync();

        await Page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await Page.GetByLabel("E-mail").FillAsync("grace@acme.test");
        await Page.GetByLabel("Password").FillAsync("Str0ng!Passw0rd");
        await ScreenshotAsync("1-sign-up");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.GetByTestId("notice")).ToContainTextAsync("Check your inbox");
        await ScreenshotAsync("2-check-inbox");
        var mail = await App.Mail.WaitForAsync("grace@acme.test", "Confirm your e-mail address");
        await Page.GotoAsync(MailServer.LinkOf(mail));
        await Expect(Page.GetByTestId("email")).ToHaveTextAsync("grace@acme.test");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Grace Hopper" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Corp");
        await Expect(Page.GetByTestId("role")).ToHaveTextAsync("Member");
    }

    [BrowserFact]
    public async Task AStrangersSignUpOnAnInviteOnlyWorkspaceIsRefused()
    {
        await Page.GotoAsync(App.Url("globex", "/sign-up"));

        await Page.GetByLabel("Your name").FillAsync("Stranger");
        await Page.GetByLabel("E-mail").FillAsync("stranger@example.test");
        await Page.GetByLabel("Password").FillAsync("Str0ng!Passw0rd");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(Page.GetByTestId("errors")).ToContainTextAsync("Globex is invite-only: ask one of its administrators for an invitation.");
        await ScreenshotAsync("1-refused");
        var cookies = await Page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name.Contains("session", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task SuperadminSignsInOnThePlatformHost()
    {
        await Page.GotoAsync(App.Url(null, "/"));
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = $"acme.localhost:{App.Port}" })).ToBeVisibleAsync();
        await ScreenshotAsync("1-landing");

        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Superadmin sign-in" }).ClickAsync();
        await Page.GetByLabel("E-mail").FillAsync("root@platform.test");
        await Page.GetByLabel("Password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url(null, "/"));
        await Expect(Page.GetByTestId("tenant-name")).ToHaveTextAsync("Platform");
        await Expect(Page.GetByTestId("role")).ToHaveTextAsync("Platform superadmin");
        await ScreenshotAsync("2-home");
    }
}
