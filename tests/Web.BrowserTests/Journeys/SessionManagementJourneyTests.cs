using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Ending sessions the way people do it, in a real browser: a person on another of their devices, a tenant admin, a
/// platform superadmin — and the person on the other side learning why on their next page.
/// </summary>
public sealed class SessionManagementJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    [BrowserFact]
    public async Task BobSignsOutHisPhoneFromHisLaptopAndThePhoneIsToldWhy()
    {
        await using var phoneContext = await NewDeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, "acme", "bob@acme.test");
        await phone.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(phone.GetByTestId("this-device")).ToBeVisibleAsync();
        await ScreenshotAsync(phone, "0-phone");
        await SignInAsync("acme", "bob@acme.test");

        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account/security"));
        var rows = Page.GetByTestId("session-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).GetByTestId("this-device")).ToHaveTextAsync("This device");
        await Expect(rows.Filter(new() { HasText = "Safari on iPhone" })).ToHaveCountAsync(1);
        await ScreenshotAsync("1-two-devices");

        await rows.Filter(new() { HasText = "Safari on iPhone" }).GetByRole(AriaRole.Button, new() { Name = "Sign out Safari on iPhone" }).ClickAsync();
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign out this device" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("Signed out Safari on iPhone");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("ended-reason")).ToHaveTextAsync("Ended from another device");
        await ScreenshotAsync("2-phone-revoked");

        await phone.ReloadAsync();

        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(phone.GetByTestId("notice")).ToContainTextAsync("Your session was ended from ");
        await Expect(phone.GetByTestId("ended-from")).ToHaveTextAsync(new Regex(" on Linux$"));
        await ScreenshotAsync(phone, "3-phone-signed-out");
    }

    [BrowserFact]
    public async Task AliceEndsBobsSessionsAndBobSeesAnAdministratorDidIt()
    {
        await using var bobContext = await NewDeviceAsync();
        var bob = await bobContext.NewPageAsync();
        await SignInAsync(bob, "acme", "bob@acme.test");
        await bob.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(bob.GetByTestId("session-row")).ToHaveCountAsync(1);
        await SignInAsync("acme", "alice@acme.test");

        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/admin/members"));
        var bobRow = Page.GetByTestId("member-row").Filter(new() { HasText = "bob@acme.test" });
        await Expect(bobRow.GetByTestId("live-sessions")).ToHaveTextAsync("1");
        await ScreenshotAsync("1-members");

        await bobRow.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Bob Member", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("session-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("2-bob");

        await Page.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await Expect(Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Ends 1 session of Bob Member.");
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Ended 1 session.");
        await Expect(Page.GetByTestId("no-sessions")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("ended-reason")).ToHaveTextAsync("Ended by an administrator");
        await ScreenshotAsync("3-bob-ended");

        await bob.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();

        await Expect(bob).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(bob.GetByTestId("notice")).ToHaveTextAsync("Your session was ended by an administrator.");
        await ScreenshotAsync(bob, "4-bob-signed-out");
    }

    [BrowserFact]
    public async Task TheSuperadminSuspendsGlobexAndCarolSeesTheReason()
    {
        await using var carolContext = await NewDeviceAsync();
        var carol = await carolContext.NewPageAsync();
        await SignInAsync(carol, "globex", "carol@globex.test");
        await Expect(carol.GetByTestId("tenant-name")).ToHaveTextAsync("Globex");
        await SignInAsync(null, "root@platform.test");

        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url(null, "/platform/tenants"));
        var globex = Page.GetByRole(AriaRole.Article, new() { Name = "Globex" });
        await Expect(globex.GetByTestId("tenant-status")).ToHaveTextAsync("Active");
        await Expect(globex.GetByTestId("tenant-live-sessions")).ToHaveTextAsync("1");
        await ScreenshotAsync("1-tenants");

        await globex.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url(null, "/platform/tenants"));
        await Expect(globex.GetByTestId("tenant-status")).ToHaveTextAsync("Active");

        await globex.GetByLabel("Reason for suspending").FillAsync("Security review");
        await globex.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Expect(Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Security review");
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Globex is suspended. 1 session was ended.");
        await Expect(globex.GetByTestId("tenant-status")).ToHaveTextAsync("Suspended");
        await Expect(globex.GetByTestId("suspension-reason")).ToContainTextAsync("Security review");
        await ScreenshotAsync("2-globex-suspended");

        await carol.ReloadAsync();

        await Expect(carol).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(carol.GetByTestId("notice")).ToHaveTextAsync("Globex is suspended: Security review");
        await ScreenshotAsync(carol, "3-carol-signed-out");
    }

    [BrowserFact]
    public async Task TheSuperadminFindsAUserAndEndsTheirSessions()
    {
        await using var bobContext = await NewDeviceAsync(IPhoneSafari);
        var bob = await bobContext.NewPageAsync();
        await SignInAsync(bob, "acme", "bob@acme.test");
        await SignInAsync(null, "root@platform.test");

        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Page.GetByLabel("Name or e-mail").FillAsync("bob");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(Page.GetByTestId("user-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("1-users");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await Expect(Page.GetByTestId("session-row")).ToContainTextAsync("Safari on iPhone");
        await ScreenshotAsync("2-user");

        await Page.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await Expect(Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Ends 1 session of Bob Member.");
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await ConfirmPasswordIfAskedAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Ended 1 session.");
        await bob.ReloadAsync();
        await Expect(bob.GetByTestId("notice")).ToHaveTextAsync("Your session was ended by the platform's administrators.");
    }

    [BrowserFact]
    public async Task AliceShortensTheSessionLifetimeOfHerWorkspace()
    {
        await SignInAsync("acme", "alice@acme.test");

        await MainNavigation.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        await Expect(Page.Locator("#Input_ExpiresIn_default")).ToContainTextAsync("7 days");
        await ScreenshotAsync("1-defaults");

        await Page.GetByLabel("Session lifetime", new() { Exact = true }).FillAsync("12");
        await Page.GetByLabel("Session lifetime unit").SelectOptionAsync("hours");
        await Page.GetByLabel("Refresh interval", new() { Exact = true }).FillAsync("2");
        await Page.GetByLabel("Refresh interval unit").SelectOptionAsync("days");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        await Expect(Page.GetByTestId("errors")).ToContainTextAsync("The refresh interval cannot be longer than the session lifetime.");
        await ScreenshotAsync("2-refused");

        await Page.GetByLabel("Refresh interval", new() { Exact = true }).FillAsync("1");
        await Page.GetByLabel("Refresh interval unit").SelectOptionAsync("hours");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("The session policy was saved.");
        await Expect(Page.GetByTestId("effective")).ToContainTextAsync("12 hours");
        await ScreenshotAsync("3-saved");
    }

    [BrowserFact]
    public async Task BobChangesHisPasswordAndHisOtherDeviceIsSignedOut()
    {
        await using var phoneContext = await NewDeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, "acme", "bob@acme.test");
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Expect(Page.GetByLabel("Also sign out my other devices")).ToBeCheckedAsync();
        await Page.GetByLabel("Current password").FillAsync(DemoPassword);
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("N3w!Passw0rd");
        await Page.GetByLabel("Repeat the new password").FillAsync("N3w!Passw0rd");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Your password was changed and 1 other device was signed out.");
        await Expect(Page.GetByTestId("session-row")).ToHaveCountAsync(1);
        await ScreenshotAsync("1-changed");
        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("notice")).ToHaveTextAsync("Your password was changed, so this session was ended.");
    }

    [BrowserFact]
    public async Task BobWhoSignedInDaysAgoConfirmsHisPasswordToSignOutEverywhere()
    {
        await using var phoneContext = await NewDeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, "acme", "bob@acme.test");
        await SignInAsync("acme", "bob@acme.test");
        await SignedInLongAgoAsync("bob@acme.test", Page.Context);
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();

        var stepUp = Page.GetByTestId("step-up");
        await Expect(stepUp).ToContainTextAsync("To sign out everywhere, enter your password again.");
        await Expect(Page.GetByTestId("session-row")).ToHaveCountAsync(2);
        await ScreenshotAsync("1-step-up");

        await stepUp.GetByLabel("Your password").FillAsync("not my password");
        await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();

        await Expect(Page.GetByTestId("step-up-error")).ToHaveTextAsync("That is not your current password.");
        await ScreenshotAsync("2-wrong-password");

        await stepUp.GetByLabel("Your password").FillAsync(DemoPassword);
        await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(Page.GetByTestId("notice")).ToHaveTextAsync("Signed out of 2 devices.");
        await CheckBothSizesAsync("3-signed-out-everywhere");
        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("notice")).ToContainTextAsync("Your session was ended from ");
        await Expect(phone.GetByTestId("ended-from")).ToHaveTextAsync(new Regex(" on Linux$"));
    }

    /// <summary>
    /// As if the person had entered their password two days ago: the sessions' <c>AuthenticatedAt</c> moved back, and the
    /// browser's cookie cache (which carries it) dropped so the next request reads the database.
    /// </summary>
    private async Task SignedInLongAgoAsync(string email, IBrowserContext context)
    {
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = await db.Users.IgnoreQueryFilters().Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var longAgo = DateTimeOffset.UtcNow.AddDays(-2);
            await db.Sessions.IgnoreQueryFilters().Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AuthenticatedAt, longAgo));
        }

        await context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "ts_session_cache" });
    }

    private ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    private async Task<IBrowserContext> NewDeviceAsync(string? userAgent = null) =>
        await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = userAgent is null ? new ViewportSize { Width = 1280, Height = 800 } : new ViewportSize { Width = 390, Height = 844 },
            UserAgent = userAgent,
            Locale = "en-US",
            TimezoneId = "UTC",
        });

    private async Task SignInAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }

    private Task SignInAsync(string? slug, string email) => SignInAsync(Page, slug, email);

    /// <summary>Someone who signed in just now is fresh; should the page still ask, answer as a person would.</summary>
    private async Task ConfirmPasswordIfAskedAsync()
    {
        var stepUp = Page.GetByTestId("step-up");
        var flash = Page.GetByTestId("flash");
        await Expect(stepUp.Or(flash)).ToBeVisibleAsync();
        if (await stepUp.IsVisibleAsync())
        {
            await stepUp.GetByLabel("Your password").FillAsync(DemoPassword);
            await stepUp.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();
        }
    }

    private Task ScreenshotAsync(IPage page, string name, [System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(GetType().Name, $"{test}-{name}"), FullPage = true });
}
