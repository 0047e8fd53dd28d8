using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 25, item 2: every one-click action that ends something asks first and names what it ends — "Sign out all
/// other devices" (and its flash) names the devices; a row's "Sign out" (security page) or "End session" (member and platform pages) names
/// the device — with JavaScript in the dialog, without it on a confirmation step.
/// </summary>
public sealed class EndingConfirmationJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private ILocator Dialog => Page.GetByTestId("confirm-dialog");

    [BrowserFact]
    public async Task BobIsToldWhichDevicesSignOutAllOtherDevicesEndsAndTheFlashNamesThem()
    {
        await using var phoneContext = await App.Browser.NewContextAsync(new() { UserAgent = IPhoneSafari });
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out all other devices" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign out all other devices?");
        await Expect(Dialog).ToContainTextAsync("Ends 1 session: Safari on iPhone");
        await Expect(Dialog).ToContainTextAsync("This device stays signed in.");
        await CheckBothSizesAsync("1-dialog");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Page.GetByTestId("session-row")).ToHaveCountAsync(2);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out all other devices" }).ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out other devices" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Signed out Safari on iPhone( \\(.+\\))?\\.$"));
        await Expect(Page.GetByTestId("session-row")).ToHaveCountAsync(1);
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [BrowserFact]
    public async Task WithoutJavaScriptBobConfirmsSigningOutHisOtherDevicesOnAConfirmationStepThatNamesThem()
    {
        await using var phoneContext = await App.Browser.NewContextAsync(new() { UserAgent = IPhoneSafari });
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await using var noScript = await App.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 800 } });
        var bob = await noScript.NewPageAsync();
        await SignInOnAsync(bob, "acme", "bob@acme.test");
        await bob.GotoAsync(App.Url("acme", "/account/security"));

        await bob.GetByRole(AriaRole.Button, new() { Name = "Sign out all other devices" }).ClickAsync();

        var confirm = bob.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign out all other devices?");
        await Expect(bob.GetByTestId("confirm-impact")).ToContainTextAsync("Ends 1 session: Safari on iPhone");
        await Expect(bob.GetByTestId("session-row")).ToHaveCountAsync(2);
        await CheckWithoutJavaScriptAsync("1-confirm-sign-out-others", bob);
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(App.Url("acme", "/"));

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Sign out other devices" }).ClickAsync();

        await Expect(bob.GetByTestId("flash")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Signed out Safari on iPhone( \\(.+\\))?\\.$"));
        await Expect(bob.GetByTestId("session-row")).ToHaveCountAsync(1);
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [BrowserFact]
    public async Task WithoutJavaScriptAliceConfirmsEndingOneOfBobsSessionsAndRootDoesWithTheDialog()
    {
        await using var phoneContext = await App.Browser.NewContextAsync(new() { UserAgent = IPhoneSafari });
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await SignInOnAsync(await phoneContext.NewPageAsync(), "acme", "bob@acme.test");
        await using var noScript = await App.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 800 } });
        var alice = await noScript.NewPageAsync();
        await SignInOnAsync(alice, "acme", "alice@acme.test");
        await alice.GotoAsync(App.Url("acme", "/admin/members"));
        await alice.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await alice.GetByTestId("session-row").First.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();

        var confirm = alice.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End this session of Bob Member?");
        await Expect(alice.GetByTestId("confirm-impact")).ToContainTextAsync("Ends Bob Member's session on Safari on iPhone");
        await Expect(alice.GetByTestId("session-row")).ToHaveCountAsync(2);
        await CheckWithoutJavaScriptAsync("1-confirm-revoke", alice);

        await confirm.GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();

        await Expect(alice.GetByTestId("flash")).ToHaveTextAsync("The session was ended.");
        await Expect(alice.GetByTestId("session-row")).ToHaveCountAsync(1);

        await SignInOnAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/users"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await Page.GetByTestId("session-row").First.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End this session of Bob Member?");
        await Expect(Dialog).ToContainTextAsync("They'll be told an administrator ended it.");
        await CheckBothSizesAsync("2-platform-dialog");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();
        var stepUp = Page.GetByTestId("step-up");
        await Expect(stepUp.Or(Page.GetByTestId("flash"))).ToBeVisibleAsync();
        if (await stepUp.IsVisibleAsync())
        {
            await stepUp.GetByLabel("Your password").FillAsync(DemoPassword);
            await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();
        }

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The session was ended.");
        await Expect(Page.GetByTestId("no-sessions")).ToBeVisibleAsync();
    }

    private async Task SignInOnAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }
}
