using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Destructive actions ask first and name their impact: with JavaScript in a native dialog, without it as a
/// confirmation step of the page. Each state is checked at 1280 and 390 px with axe-core.
/// </summary>
public sealed class ConfirmationJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private ILocator Dialog => Page.GetByTestId("confirm-dialog");

    [BrowserFact]
    public async Task BobIsToldSignOutEverywhereEndsBothSessionsCancelsThenConfirms()
    {
        await using var phoneContext = await DeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInOnAsync(phone, "acme", "bob@acme.test");
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        var rows = Page.GetByTestId("session-row");
        await Expect(rows.Filter(new() { HasText = "Safari on iPhone" }).GetByTestId("device-kind")).ToHaveAttributeAsync("data-kind", "phone");
        await Expect(rows.Filter(new() { Has = Page.GetByTestId("this-device") }).GetByTestId("device-kind")).ToHaveAttributeAsync("data-kind", "desktop");
        await CheckBothSizesAsync("1-device-icons");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();

        await Expect(Dialog).ToBeVisibleAsync();
        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Sign out everywhere?");
        await Expect(Dialog).ToContainTextAsync("Ends 2 sessions, including this one.");
        await CheckBothSizesAsync("2-dialog");

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(Dialog).ToBeHiddenAsync();
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account/security"));
        await Expect(rows).ToHaveCountAsync(2);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(Page.GetByTestId("notice")).ToHaveTextAsync("Signed out of 2 devices.");
        await phone.ReloadAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));
    }

    [BrowserFact]
    public async Task AliceBansBobAfterTheDialogSaysHowManySessionsEnd()
    {
        await using var bobContext = await DeviceAsync(IPhoneSafari);
        await SignInOnAsync(await bobContext.NewPageAsync(), "acme", "bob@acme.test");
        await SignInAsync("acme", "alice@acme.test");
        await OpenMemberAsync("Bob Member");
        await Expect(Page.GetByTestId("session-row").GetByTestId("device-kind")).ToHaveAttributeAsync("data-kind", "phone");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Ban from this workspace" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Ban Bob Member?");
        await Expect(Dialog).ToContainTextAsync("Ends 1 session of Bob Member at once, and refuses their sign-in until you lift the ban.");
        await CheckBothSizesAsync("1-dialog");

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Ban from this workspace" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The member is banned: sign-in is refused and 1 session ended.");
        await Expect(Page.GetByTestId("banned")).ToHaveTextAsync("Banned");
    }

    [BrowserFact]
    public async Task WithoutJavaScriptAliceConfirmsEndingBobsSessionsAndTheBanOnAConfirmationStep()
    {
        await using var bobContext = await DeviceAsync();
        await SignInOnAsync(await bobContext.NewPageAsync(), "acme", "bob@acme.test");
        await SignInOnAsync(await bobContext.NewPageAsync(), "acme", "bob@acme.test");
        await using var noScript = await DeviceAsync(javaScript: false);
        var alice = await noScript.NewPageAsync();
        await SignInOnAsync(alice, "acme", "alice@acme.test");
        await alice.GotoAsync(App.Url("acme", "/admin/members"));
        await alice.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        await Expect(alice.GetByTestId("session-row")).ToHaveCountAsync(2);

        await alice.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();

        var confirm = alice.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End all sessions of Bob Member?");
        await Expect(alice.GetByTestId("confirm-impact")).ToHaveTextAsync("Ends 2 sessions of Bob Member. They'll be told an administrator ended them.");
        await Expect(alice.GetByTestId("session-row")).ToHaveCountAsync(2);
        await CheckWithoutJavaScriptAsync("1-confirm-end-all", alice);

        await confirm.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync(alice);

        await Expect(alice.GetByTestId("flash")).ToHaveTextAsync("Ended 2 sessions.");
        await Expect(alice.GetByTestId("no-sessions")).ToBeVisibleAsync();

        await alice.GetByRole(AriaRole.Button, new() { Name = "Ban from this workspace" }).ClickAsync();

        await Expect(alice.GetByTestId("confirm-impact")).ToHaveTextAsync("Bob Member can't sign in to this workspace until you lift the ban. No session is live.");
        await CheckWithoutJavaScriptAsync("2-confirm-ban", alice);

        await confirm.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();

        await Expect(alice.GetByTestId("confirm")).ToHaveCountAsync(0);
        await Expect(alice.GetByTestId("banned")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task WithoutJavaScriptTheSuperadminConfirmsSuspendingGlobexAndSeesTheReasonRepeated()
    {
        await using var carolContext = await DeviceAsync();
        var carol = await carolContext.NewPageAsync();
        await SignInOnAsync(carol, "globex", "carol@globex.test");
        await using var noScript = await DeviceAsync(javaScript: false);
        var root = await noScript.NewPageAsync();
        await SignInOnAsync(root, null, "root@platform.test");
        await root.GotoAsync(App.Url(null, "/platform/tenants"));
        var globex = root.GetByRole(AriaRole.Article, new() { Name = "Globex" });

        await globex.GetByLabel("Reason for suspending").FillAsync("Unpaid invoice");
        await globex.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();

        var confirm = root.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Suspend Globex?");
        await Expect(root.GetByTestId("confirm-impact")).ToContainTextAsync("Ends 1 session in Globex at once");
        await Expect(root.GetByTestId("confirm-quote")).ToHaveTextAsync("Unpaid invoice");
        await Expect(globex.GetByTestId("tenant-status")).ToHaveTextAsync("Active");
        await CheckWithoutJavaScriptAsync("1-confirm-suspend", root);

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync(root);

        await Expect(root.GetByTestId("flash")).ToHaveTextAsync("Globex is suspended. 1 session was ended.");
        await carol.ReloadAsync();
        await Expect(carol.GetByTestId("notice")).ToHaveTextAsync("Globex is suspended: Unpaid invoice");
    }

    [BrowserFact]
    public async Task TheSuperadminEndsEverySessionOfAcmeAfterTheDialogCountsThem()
    {
        await using var others = await DeviceAsync();
        await SignInOnAsync(await others.NewPageAsync(), "acme", "alice@acme.test");
        await SignInOnAsync(await others.NewPageAsync(), "acme", "bob@acme.test");
        await SignInOnAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/tenants"));
        var acme = Page.GetByRole(AriaRole.Article, new() { Name = "Acme Corp" });

        await acme.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End all sessions of Acme Corp?");
        await Expect(Dialog).ToContainTextAsync("Ends 2 sessions in Acme Corp.");
        await CheckBothSizesAsync("1-dialog");

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Ended 2 sessions of Acme Corp.");
        await Expect(acme.GetByTestId("tenant-live-sessions")).ToHaveTextAsync("0");
    }

    private async Task OpenMemberAsync(string name)
    {
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        await Page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
    }

    private async Task<IBrowserContext> DeviceAsync(string? userAgent = null, bool javaScript = true) =>
        await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            UserAgent = userAgent,
            JavaScriptEnabled = javaScript,
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

    private async Task ConfirmPasswordIfAskedAsync(IPage? page = null)
    {
        page ??= Page;
        var stepUp = page.GetByTestId("step-up");
        var flash = page.GetByTestId("flash");
        await Expect(stepUp.Or(flash)).ToBeVisibleAsync();
        if (await stepUp.IsVisibleAsync())
        {
            await stepUp.GetByLabel("Your password").FillAsync(DemoPassword);
            await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();
        }
    }
}
