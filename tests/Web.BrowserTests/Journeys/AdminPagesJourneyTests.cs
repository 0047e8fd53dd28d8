using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 12's admin and platform pages in a real browser, at 1280 px and 390 px with axe-core on every state: a member
/// locked out by wrong passwords and the admin lifting it; a superadmin ending one session of a person and reading who
/// ended what.
/// </summary>
public sealed class AdminPagesJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task BobIsLockedOutAfterWrongPasswordsAndAliceLiftsIt()
    {
        await using var bobContext = await App.NewContextAsync();
        var bob = await bobContext.NewPageAsync();
        await bob.GotoAsync(App.Url("acme", "/sign-in"));
        for (var i = 0; i < 6; i++)
        {
            await bob.GetByLabel("E-mail").FillAsync("bob@acme.test");
            await bob.GetByLabel("Password").FillAsync("not-my-password");
            await bob.RunAndWaitForResponseAsync(
                () => bob.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
                r => r.Request.Method == "POST");
            await Expect(bob.GetByTestId("errors")).ToBeVisibleAsync();
        }

        await Expect(bob.GetByTestId("errors")).ToContainTextAsync("Too many attempts.");
        await SignInAsync(Page, "acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        var bobRow = Page.GetByTestId("member-row").Filter(new() { HasText = "bob@acme.test" });

        await Expect(bobRow.GetByTestId("member-state")).ToHaveTextAsync("Locked out");
        await CheckBothSizesAsync("1-members");

        await bobRow.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await Expect(Page.GetByTestId("lockout").GetByTestId("member-state")).ToHaveTextAsync("Locked out");
        await Expect(Page.GetByTestId("lockout-left")).ToHaveTextAsync(new Regex("^(10|9) minutes$"));
        await Expect(Page.GetByTestId("lockout-detail")).ToContainTextAsync("after 5 wrong passwords.");
        await CheckBothSizesAsync("2-bob-locked-out");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Lift the lockout" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The lockout is lifted: they can sign in again now.");
        await Expect(Page.GetByTestId("lockout")).ToHaveCountAsync(0);
        await CheckBothSizesAsync("3-lifted");
        await bob.GetByLabel("Password").FillAsync(DemoPassword);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(bob).ToHaveURLAsync(App.Url("acme", "/"));
    }

    [BrowserFact]
    public async Task RootEndsOneOfBobsSessionsAndReadsWhoEndedWhat()
    {
        await using var phoneContext = await App.NewContextAsync();
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, "acme", "bob@acme.test");
        await using var laptopContext = await App.NewContextAsync();
        var laptop = await laptopContext.NewPageAsync();
        await SignInAsync(laptop, "acme", "bob@acme.test");
        await SignInAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/users?q=bob"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();
        var rows = Page.GetByTestId("live-sessions").GetByTestId("session-row");
        await Expect(rows).ToHaveCountAsync(2);
        await CheckBothSizesAsync("1-two-sessions");

        await rows.First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^End session") }).ClickAsync();
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "End this session" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The session was ended.");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("ended-reason")).ToHaveTextAsync("Ended by the platform's administrators");
        await Expect(Page.GetByTestId("ended-by")).ToHaveTextAsync("You");
        await CheckBothSizesAsync("2-one-ended");
        await phone.ReloadAsync();
        await laptop.ReloadAsync();
        var signedOut = new[] { phone, laptop }.Count(p => p.Url.Contains("/sign-in", StringComparison.Ordinal));
        Assert.Equal(1, signedOut);
    }

    [BrowserFact]
    public async Task RootSuspendsGlobexTheTenantsPageSaysWhoAndWhenAndItsSignUpSaysSoBeforeAnyoneTypes()
    {
        await SignInAsync(Page, null, "root@platform.test");
        var api = Page.Context.APIRequest;
        var origin = new Dictionary<string, string> { ["Origin"] = App.Url(null, "").TrimEnd('/') };
        var tenants = await (await api.GetAsync(App.Url(null, "/api/platform/tenants"))).JsonAsync();
        var globexId = tenants!.Value.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "globex").GetProperty("id").GetString();

        var suspended = await api.PostAsync(App.Url(null, $"/api/platform/tenants/{globexId}/suspend"), new() { DataObject = new { reason = "Security review" }, Headers = origin });

        Assert.Equal(200, suspended.Status);
        await Page.GotoAsync(App.Url(null, "/platform/tenants"));
        var globex = Page.GetByTestId("tenant-globex");
        await Expect(globex.GetByTestId("tenant-status")).ToHaveTextAsync("Suspended");
        await Expect(globex.GetByTestId("suspended-by")).ToHaveTextAsync("Platform Root");
        await Expect(globex.GetByTestId("suspension-reason")).ToContainTextAsync(new Regex("Suspended just now by Platform Root: Security review"));
        await CheckBothSizesAsync("1-tenants");

        await using var visitorContext = await App.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(App.Url("globex", "/sign-up"));

        await Expect(visitor.GetByTestId("notice")).ToHaveTextAsync("Globex is suspended: Security review");
        await Expect(visitor.GetByTestId("suspended-since")).ToContainTextAsync("Suspended by the platform's administrators");
        await Expect(visitor.GetByLabel("E-mail")).ToHaveCountAsync(0);
        await CheckBothSizesAsync("2-sign-up", visitor);
        await visitor.GotoAsync(App.Url("globex", "/sign-in"));
        await Expect(visitor.GetByTestId("notice")).ToHaveTextAsync("Globex is suspended: Security review");
        await Expect(visitor.GetByTestId("suspended-since")).ToContainTextAsync("Suspended by the platform's administrators");
        await CheckBothSizesAsync("3-sign-in", visitor);
    }

    [BrowserFact]
    public async Task AliceSearchesAndSortsMembersAndThePhoneShowsThemAsCards()
    {
        await SignInAsync(Page, "acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/members"));
        var emails = Page.GetByTestId("member-email");
        await Expect(emails).ToHaveTextAsync(["alice@acme.test", "bob@acme.test"]);

        await Page.GetByRole(AriaRole.Link, new() { Name = "E-mail" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "E-mail" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/admin/members?sort=email&dir=desc"));
        await Expect(emails).ToHaveTextAsync(["bob@acme.test", "alice@acme.test"]);
        await Expect(Page.Locator("th[data-sort=email]")).ToHaveAttributeAsync("aria-sort", "descending");
        await CheckBothSizesAsync("1-sorted");

        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Name or e-mail" }).FillAsync("bob");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(emails).ToHaveTextAsync(["bob@acme.test"]);
        await Page.SetViewportSizeAsync(390, 844);
        var cell = Page.GetByTestId("member-email").First;
        var box = await cell.BoundingBoxAsync();
        Assert.True(box!.Width > 250, $"at 390 px an e-mail cell is a full-width card line, not a squeezed column ({box.Width} px)");
        var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "nothing scrolls sideways at 390 px");
        await Page.SetViewportSizeAsync(1280, 800);
        await CheckBothSizesAsync("2-searched");

        // At phone width the cards have no column headers: the order is chosen beside the search box.
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Name or e-mail" }).FillAsync("");
        await Page.GetByLabel("Sort by").SelectOptionAsync("name");
        await Page.GetByLabel("Order").SelectOptionAsync("desc");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(emails).ToHaveTextAsync(["bob@acme.test", "alice@acme.test"]);
        await Page.SetViewportSizeAsync(1280, 800);
        await CheckBothSizesAsync("3-sorted-on-a-phone");
    }

    [BrowserFact]
    public async Task RootFindsAWorkspaceAndSortsTheTenantsWithoutScript()
    {
        await using var noScript = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
            JavaScriptEnabled = false,
        });
        var page = await noScript.NewPageAsync();
        await SignInAsync(page, null, "root@platform.test");
        await page.GotoAsync(App.Url(null, "/platform/tenants"));

        await page.GetByLabel("Sort by").SelectOptionAsync("status");
        await page.GetByLabel("Order").SelectOptionAsync("desc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("sort=status&dir=desc"));
        await Expect(page.Locator("[data-testid^=tenant-] h2").First).ToHaveTextAsync("Initech");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Name or address" }).FillAsync("glob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page.Locator("article[data-testid^=tenant-]")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Globex", Level = 2 })).ToBeVisibleAsync();
        var searched = page.Url;

        // axe-core needs script, so the same pages are checked again in a browser with it on.
        await SignInAsync(Page, null, "root@platform.test");
        await Page.GotoAsync(App.Url(null, "/platform/tenants?sort=status&dir=desc"));
        await CheckBothSizesAsync("1-sorted");
        await Page.GotoAsync(searched);
        await Expect(Page.Locator("article[data-testid^=tenant-]")).ToHaveCountAsync(1);
        await CheckBothSizesAsync("2-searched");
    }

    private async Task SignInAsync(IPage page, string? slug, string email)
    {
        await page.GotoAsync(App.Url(slug, "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(App.Url(slug, "/"));
    }
}
