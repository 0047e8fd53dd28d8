using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>Issue 23 item 3: Bob deletes his account from his laptop; his phone is signed out at once and told why.</summary>
public sealed class AccountDeletionJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    [BrowserFact]
    public async Task BobDeletesHisAccountAndEveryDeviceOfHisIsSignedOut()
    {
        await using var phoneContext = await NewDeviceAsync(IPhoneSafari);
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, "acme", "bob@acme.test");
        await phone.GotoAsync(App.Url("acme", "/account/security"));
        await SignInAsync(Page, "acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Page.GetByTestId("delete-account-link").ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account/delete"));
        await Expect(Page.GetByTestId("deletion-sessions")).ToHaveTextAsync("2 sessions, this one included, end at once");
        await Expect(Page.GetByTestId("deletion-membership")).ToHaveTextAsync("Your membership of Acme Corp (Member) ends");
        await CheckBothSizesAsync("1-confirm");

        await Page.GetByLabel("Your password").FillAsync("not-my-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();

        await Expect(Page.GetByTestId("delete-password-error")).ToHaveTextAsync("That is not your current password.");
        await CheckBothSizesAsync("2-wrong-password");

        await Page.GetByLabel("Your password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account-deleted"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your account was deleted" })).ToBeVisibleAsync();
        await CheckBothSizesAsync("3-deleted");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));

        await phone.ReloadAsync();

        await Expect(phone).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(phone.GetByTestId("notice")).ToContainTextAsync("This account was deleted.");
        await CheckBothSizesAsync("4-phone-signed-out", phone);
        await SignInAsync("acme", "bob@acme.test");
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
    }

    private async Task<IBrowserContext> NewDeviceAsync(string userAgent) =>
        await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            UserAgent = userAgent,
            Locale = "en-US",
            TimezoneId = "UTC",
        });

    private async Task SignInAsync(IPage page, string slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }
}
