using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 12 in a real browser, at 1280 px and 390 px, with axe-core on every state: a policy that ends sessions is
/// confirmed first, a renamed workspace is seen at once, sessions show where they are.
/// </summary>
public sealed class WorkspaceAdministrationJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task AliceLowersTheDeviceLimitSeesWhatItEndsBeforeSavingAndBobIsToldWhy()
    {
        await using var bobLaptopContext = await App.NewContextAsync();
        var bobLaptop = await bobLaptopContext.NewPageAsync();
        await SignInAsync(bobLaptop, "bob@acme.test");
        await using var bobPhoneContext = await App.NewContextAsync();
        var bobPhone = await bobPhoneContext.NewPageAsync();
        await SignInAsync(bobPhone, "bob@acme.test");
        await SignInAsync("acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/settings"));
        await CheckBothSizesAsync("0-settings");

        await Page.GetByLabel("Devices per person").FillAsync("1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        await Expect(Page.GetByTestId("impact-ending")).ToHaveTextAsync("1 session ends.");
        await Expect(Page.GetByTestId("impact-over-cap")).ToHaveTextAsync("1 person is over the device limit: their oldest sessions end.");
        await CheckBothSizesAsync("1-confirm");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Save and end 1 session" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("The session policy was saved.");
        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("1 session ended.");
        await CheckBothSizesAsync("2-saved");
        await bobLaptop.ReloadAsync();
        await Expect(bobLaptop).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(bobLaptop.GetByTestId("notice")).ToHaveTextAsync("Your session ended because the workspace's session policy changed. Sign in again.");
        await CheckBothSizesAsync("3-bob-told-why", bobLaptop);
        await bobPhone.ReloadAsync();
        await Expect(bobPhone.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Corp");
    }

    [BrowserFact]
    public async Task AliceRenamesTheWorkspaceAndBobSeesTheNewNameOnHisNextPage()
    {
        await using var bobContext = await App.NewContextAsync();
        var bob = await bobContext.NewPageAsync();
        await SignInAsync(bob, "bob@acme.test");
        await Expect(bob.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Corp");
        await SignInAsync("acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/settings"));

        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Acme Europe");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rename workspace" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The workspace is now called Acme Europe. Its address did not change.");
        await CheckBothSizesAsync("1-renamed");
        await bob.ReloadAsync();
        await Expect(bob.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Europe");
        await Expect(bob).ToHaveURLAsync(new Regex("^http://acme\\.localhost:"));
        await CheckBothSizesAsync("2-bob-sees-it", bob);
    }

    [BrowserFact]
    public async Task RootRenamesAWorkspaceOnTheTenantsPage()
    {
        await SignInAsync(slug: null!, email: "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/tenants"));
        var globex = Page.GetByTestId("tenant-globex");

        await globex.GetByText("Rename", new() { Exact = true }).ClickAsync();
        await CheckBothSizesAsync("0-rename-open");
        await globex.GetByLabel(new Regex("^New name")).FillAsync("Globex Corporation");
        await globex.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Globex is now called Globex Corporation. Its address did not change.");
        await Expect(Page.GetByTestId("tenant-globex").GetByRole(AriaRole.Heading)).ToHaveTextAsync("Globex Corporation");
        await CheckBothSizesAsync("1-renamed");
    }

    [BrowserFact]
    public async Task TheSecurityPageShowsWhereEachSessionIs()
    {
        await SignInAsync("acme", "bob@acme.test");

        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Expect(Page.GetByTestId("session-row").First.GetByTestId("location")).ToHaveTextAsync("Local network");
        await CheckBothSizesAsync("1-location");
    }

    [BrowserFact]
    public async Task TimesAreShownInTheViewersTimeZoneWithUtcInTheTooltip()
    {
        await using var berlinContext = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
        });
        var berlin = await berlinContext.NewPageAsync();
        await SignInAsync(berlin, "bob@acme.test");

        await berlin.GotoAsync(App.Url("acme", "/account/security"));

        var signedIn = berlin.GetByTestId("session-row").First.Locator("time[data-absolute]");
        await Expect(signedIn).ToHaveAttributeAsync("data-local", "true");
        await Expect(signedIn).ToHaveTextAsync(new Regex("CET|CEST|GMT\\+1|GMT\\+2"));
        await Expect(signedIn).ToHaveAttributeAsync("title", new Regex("UTC"));
        await CheckBothSizesAsync("1-berlin", berlin);
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(App.Url("acme", "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("tenant-name")).ToBeVisibleAsync();
    }
}
