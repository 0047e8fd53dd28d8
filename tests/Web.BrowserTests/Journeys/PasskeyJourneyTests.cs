using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Passkeys with Chromium's virtual authenticator (DevTools protocol: <c>WebAuthn.enable</c>,
/// <c>WebAuthn.addVirtualAuthenticator</c>): registering and naming one, signing in with it, stepping up with it, and
/// finding it useless on another workspace (its relying party is the workspace's host).
/// </summary>
public sealed class PasskeyJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task MemberRegistersAPasskeyAndSignsInWithItOnlyOnTheirWorkspace()
    {
        await AddVirtualAuthenticatorAsync();
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Page.GetByTestId("passkeys-link").ClickAsync();
        await Expect(Page.GetByTestId("no-passkeys")).ToBeVisibleAsync();
        await Page.GetByLabel("Name it").FillAsync("Bob's laptop");
        await Page.GetByTestId("add-passkey").ClickAsync();

        await Expect(Page.GetByTestId("passkey-name")).ToHaveTextAsync("Bob's laptop");
        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The passkey \u201cBob's laptop\u201d was added. You can sign in with it on this workspace.");
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/account/passkeys"));
        await CheckBothSizesAsync("1-registered");
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("flash")).ToHaveCountAsync(0);
        await Page.GetByTestId("sign-out").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Page.GetByTestId("passkey-sign-in").ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Expect(Page.GetByTestId("email")).ToHaveTextAsync("bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(Page.Locator("[data-testid=session-row].current [data-testid=authentication-method]")).ToHaveTextAsync("Passkey");
        await ScreenshotAsync("2-signed-in");

        await Page.GotoAsync(App.Url("globex", "/sign-in"));
        await Page.GetByTestId("passkey-sign-in").ClickAsync();

        await Expect(Page.GetByTestId("passkey-error")).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("globex.localhost:[0-9]+/sign-in"));
        var cookies = await Page.Context.CookiesAsync([App.Url("globex", "/")]);
        Assert.DoesNotContain(cookies, c => c.Name.StartsWith("ts_session", StringComparison.Ordinal));
        await ScreenshotAsync("3-useless-on-globex");

        await Page.GotoAsync(App.Url("acme", "/account/passkeys"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Remove Bob's laptop" }).ClickAsync();

        var dialog = Page.GetByTestId("confirm-dialog");
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Remove the passkey \u201cBob's laptop\u201d?");
        await Expect(dialog).ToContainTextAsync("You won't be able to sign in with \u201cBob's laptop\u201d any more.");
        await CheckBothSizesAsync("4-remove-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove passkey" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("The passkey was removed. It can't be used to sign in any more.");
        await Expect(Page.GetByTestId("no-passkeys")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task AStaleSessionStepsUpWithAPasskeyInsteadOfThePassword()
    {
        await AddVirtualAuthenticatorAsync();
        await SignInAsync("acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/passkeys"));
        await Page.GetByLabel("Name it").FillAsync("Alice's key");
        await Page.GetByTestId("add-passkey").ClickAsync();
        await Expect(Page.GetByTestId("passkey-name")).ToHaveTextAsync("Alice's key");
        await SignedInLongAgoAsync("alice@acme.test");

        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Page.GetByTestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(Page.GetByTestId("step-up")).ToBeVisibleAsync();
        await ScreenshotAsync("1-step-up");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(Page.GetByTestId("notice")).ToHaveTextAsync("Signed out of 1 device.");
    }

    [BrowserFact]
    public async Task WithoutJavaScriptThePasskeyButtonsAreReplacedByANoteSayingTheyNeedIt()
    {
        await using var noScript = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
            JavaScriptEnabled = false,
        });
        var page = await noScript.NewPageAsync();
        await page.GotoAsync(App.Url("acme", "/sign-in"));

        await Expect(page.GetByTestId("passkey-sign-in")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("passkey-needs-script")).ToHaveTextAsync("Signing in with a passkey needs JavaScript, which is off in this browser. Use your password instead.");
        await CheckWithoutJavaScriptAsync("1-sign-in", page);
        await page.GetByLabel("E-mail").FillAsync("bob@acme.test");
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync(App.Url("acme", "/account/passkeys"));

        await Expect(page.GetByTestId("add-passkey")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("passkey-needs-script")).ToContainTextAsync("Adding a passkey needs JavaScript");
        await CheckWithoutJavaScriptAsync("2-passkeys", page);

        // With JavaScript the same buttons are there and the notes are not.
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/passkeys"));
        await Expect(Page.GetByTestId("add-passkey")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("passkey-needs-script")).ToBeHiddenAsync();
    }

    /// <summary>As if the password had been entered two days ago; the cookie cache (which carries it) is dropped.</summary>
    private async Task SignedInLongAgoAsync(string email)
    {
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = await db.Users.IgnoreQueryFilters().Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var longAgo = DateTimeOffset.UtcNow.AddDays(-2);
            await db.Sessions.IgnoreQueryFilters().Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AuthenticatedAt, longAgo));
        }

        await Page.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "ts_session_cache" });
    }

    private async Task AddVirtualAuthenticatorAsync()
    {
        var cdp = await Page.Context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
