using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>Issue 25, item 5: every session's own page (the person's, an admin's, the platform's) ends it, confirmed first.</summary>
public sealed class SessionDetailEndJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private ILocator Dialog => Page.GetByTestId("confirm-dialog");

    [BrowserFact]
    public async Task BobEndsHisPhonesSessionFromItsPageAndRootEndsAnotherFromThePlatform()
    {
        await using var phoneContext = await App.Browser.NewContextAsync(new() { UserAgent = IPhoneSafari });
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Safari on iPhone" }).ClickAsync();

        await Page.GetByTestId("end-session").GetByRole(AriaRole.Button, new() { Name = "Sign out that device" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign out Safari on iPhone?");
        await CheckBothSizesAsync("1-dialog");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out that device" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account/security"));
        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Signed out Safari on iPhone.");
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));

        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await SignInOnAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/users"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await Page.GetByTestId("session-row").Filter(new() { HasText = "Safari on iPhone" }).GetByTestId("device").ClickAsync();
        await Page.GetByTestId("end-session").GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();
        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End this session of Bob Member?");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync(Page);

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The session was ended.");
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));
    }

    [BrowserFact]
    public async Task WithoutJavaScriptAliceEndsBobsSessionFromItsPageOnAConfirmationStep()
    {
        await using var phoneContext = await App.Browser.NewContextAsync(new() { UserAgent = IPhoneSafari });
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await using var noScript = await App.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 800 } });
        var alice = await noScript.NewPageAsync();
        await SignInOnAsync(alice, "acme", "alice@acme.test");
        await alice.GotoAsync(App.Url("acme", "/admin/members"));
        await alice.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await alice.GetByTestId("session-row").GetByTestId("device").ClickAsync();

        await alice.GetByTestId("end-session").GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();

        var confirm = alice.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End this session of Bob Member?");
        await Expect(alice.GetByTestId("confirm-impact")).ToContainTextAsync("Ends Bob Member's session on Safari on iPhone");
        await CheckWithoutJavaScriptAsync("1-confirm", alice);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync(alice);

        await Expect(alice.GetByTestId("flash")).ToHaveTextAsync("The session was ended.");
        await Expect(alice.GetByTestId("no-sessions")).ToBeVisibleAsync();
    }

    private async Task SignInOnAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }

    private static async Task ConfirmPasswordIfAskedAsync(IPage page)
    {
        var stepUp = page.GetByTestId("step-up");
        await Expect(stepUp.Or(page.GetByTestId("flash"))).ToBeVisibleAsync();
        if (await stepUp.IsVisibleAsync())
        {
            await stepUp.GetByLabel("Your password").FillAsync(DemoPassword);
            await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();
        }
    }
}
