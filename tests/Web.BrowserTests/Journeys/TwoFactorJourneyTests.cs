using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Two-factor authentication as a person meets it: setting up an authenticator app (the test reads the key the page
/// shows and computes codes, as the app would), signing in with a code, and a workspace that requires it of admins.
/// The app runs on the real clock, so a second sign-in uses the next 30-second step's code (a code works once).
/// </summary>
public sealed class TwoFactorJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task MemberSetsUpAnAuthenticatorAndSignsInWithACode()
    {
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Page.GetByTestId("two-factor-link").ClickAsync();
        await Expect(Page.GetByTestId("two-factor-status")).ToHaveAttributeAsync("data-enabled", "false");
        await Page.GetByLabel("Your password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();

        await Expect(Page.GetByTestId("totp-qr").Locator("svg")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await ScreenshotAsync("1-scan");
        var secret = (await Page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        var firstCode = Code(secret, DateTimeOffset.UtcNow);
        await Page.GetByLabel("Code from the app").FillAsync(firstCode);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("Two-factor authentication is on");
        await Expect(Page.GetByTestId("two-factor-status")).ToHaveAttributeAsync("data-enabled", "true");
        await Page.GetByTestId("sign-out").ClickAsync();
        await SignInAsync("acme", "bob@acme.test");

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in/two-factor"));
        await ScreenshotAsync("2-code");
        var cookies = await Page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name.StartsWith("ts_session", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.Name == "ts_two_factor" && c.HttpOnly);
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Page.GotoAsync(App.Url("acme", "/sign-in/two-factor"));
        await Page.GetByLabel("Authentication code").FillAsync(firstCode);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(Page.GetByTestId("error")).ToHaveTextAsync("That code was already used. Wait for the next code in your authenticator app and enter that one.");
        await Page.GetByLabel("Authentication code").FillAsync(Code(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Expect(Page.GetByTestId("email")).ToHaveTextAsync("bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(Page.Locator("[data-testid=session-row].current [data-testid=authentication-method]")).ToHaveTextAsync("Password and authenticator code");
        await ScreenshotAsync("3-signed-in");
    }

    [BrowserFact]
    public async Task AWorkspaceThatRequiresTwoFactorForAdminsEnrolsTheAdminBeforeAnyOtherPage()
    {
        await SignInAsync("acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/two-factor"));
        await Page.GetByLabel("Required for admins").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Page.GetByTestId("two-factor-requirement")).ToHaveAttributeAsync("data-requirement", "Admins");
        await Page.GetByTestId("sign-out").ClickAsync();

        await SignInAsync("acme", "alice@acme.test");

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in/two-factor"));
        await Expect(Page.GetByTestId("enrolment-required")).ToContainTextAsync("Acme Corp requires two-factor authentication");
        await CheckBothSizesAsync("1-enrol");
        var secret = (await Page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Page.GotoAsync(App.Url("acme", "/sign-in/two-factor"));
        var fresh = (await Page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        Assert.NotEqual(secret, fresh);
        await Page.GetByLabel("Code from the app").FillAsync(Code(fresh, DateTimeOffset.UtcNow));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on and sign in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await ScreenshotAsync("2-enrolled");

        var bobContext = await App.NewContextAsync();
        var bob = await bobContext.NewPageAsync();
        await bob.GotoAsync(App.Url("acme", "/sign-in"));
        await bob.GetByLabel("E-mail").FillAsync("bob@acme.test");
        await bob.GetByLabel("Password").FillAsync(DemoPassword);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(bob).ToHaveURLAsync(App.Url("acme", "/"));
        await bobContext.DisposeAsync();
    }

    private static string Code(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);
}
