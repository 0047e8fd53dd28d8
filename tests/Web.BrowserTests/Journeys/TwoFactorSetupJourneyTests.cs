using Microsoft.Playwright;
using OtpNet;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 25, item 1: a mistyped code keeps the QR code, the key and the recovery codes on screen with the error beside
/// the field; recovery codes can be copied, downloaded as a text file and printed; making new ones asks first.
/// </summary>
public sealed class TwoFactorSetupJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task BobMistypesTheCodeAndKeepsTheSetUpThenCopiesDownloadsAndPrintsHisCodes()
    {
        await Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/two-factor"));
        await Page.GetByLabel("Your password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();
        var secret = (await Page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        var codes = await Page.GetByTestId("recovery-codes").Locator("li").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);

        await Page.GetByLabel("Code from the app").FillAsync(Wrong(Code(secret, DateTimeOffset.UtcNow)));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        await Expect(Page.GetByTestId("code-error")).ToHaveTextAsync("That code is not right. Check your authenticator app and try again.");
        await Expect(Page.GetByLabel("Code from the app")).ToBeFocusedAsync();
        await Expect(Page.GetByLabel("Code from the app")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByTestId("totp-qr").Locator("svg")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("totp-secret")).ToHaveAttributeAsync("data-secret", secret);
        Assert.Equal(codes, await Page.GetByTestId("recovery-codes").Locator("li").AllInnerTextsAsync());
        await Expect(Page.GetByTestId("error")).ToHaveCountAsync(0);
        await CheckBothSizesAsync("1-typo");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Copy codes" }).ClickAsync();

        await Expect(Page.GetByTestId("codes-status")).ToHaveTextAsync("Copied to the clipboard.");
        var copied = await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(string.Join("\n", codes) + "\n", copied);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Download (.txt)" }).ClickAsync());

        Assert.Equal("recovery-codes-acme.txt", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("Recovery codes for Acme Corp", text, StringComparison.Ordinal);
        Assert.All(codes, code => Assert.Contains(code, text, StringComparison.Ordinal));

        await Page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Print codes" }).ClickAsync();

        Assert.Equal(1, await Page.EvaluateAsync<int>("() => window.printed"));
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(Page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        Assert.Equal("hidden", await Page.GetByTestId("totp-secret").EvaluateAsync<string>("e => getComputedStyle(e).visibility"));
        await Expect(Page.Locator("header.topbar")).ToBeHiddenAsync();
        await Page.EmulateMediaAsync(new() { Media = Media.Screen });

        await Page.GetByLabel("Code from the app").FillAsync(Code(secret, DateTimeOffset.UtcNow));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("Two-factor authentication is on");
    }

    [BrowserFact]
    public async Task MakingNewRecoveryCodesAsksFirstWithJavaScriptAndWithout()
    {
        await SignInAsync("acme", "bob@acme.test");
        await TurnOnAsync(Page);
        var dialog = Page.GetByTestId("confirm-dialog");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Make new recovery codes?");
        await Expect(dialog).ToContainTextAsync("Your 10 recovery codes left stop working at once, and you get 10 new ones.");
        await CheckBothSizesAsync("1-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Page.GetByTestId("recovery-codes")).ToHaveCountAsync(0);

        await using var noScript = await App.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await noScript.NewPageAsync();
        await page.GotoAsync(App.Url("acme", "/sign-in"));
        await page.GetByLabel("E-mail").FillAsync("bob@acme.test");
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Authentication code").FillAsync(Code(TurnedOnSecret!, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GotoAsync(App.Url("acme", "/account/two-factor"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" }).ClickAsync();

        var confirm = page.GetByTestId("confirm");
        await Expect(confirm.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Make new recovery codes?");
        await Expect(page.GetByTestId("confirm-impact")).ToHaveTextAsync("Your 10 recovery codes left stop working at once, and you get 10 new ones.");
        await Expect(page.GetByTestId("recovery-codes")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor(GetType().Name, "no-js-confirm"), FullPage = true });

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" }).ClickAsync();

        await Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy codes" })).ToBeHiddenAsync();
        var codes = await page.GetByTestId("recovery-codes").Locator("li").AllInnerTextsAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download (.txt)" }).ClickAsync());
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.All(codes, code => Assert.Contains(code, text, StringComparison.Ordinal));
        await page.GotoAsync(App.Url("acme", "/account/two-factor"));
        await Expect(page.GetByTestId("two-factor-status")).ToContainTextAsync("10 of 10 recovery codes left");
    }

    private string? TurnedOnSecret { get; set; }

    private async Task TurnOnAsync(IPage page)
    {
        await page.GotoAsync(App.Url("acme", "/account/two-factor"));
        await page.GetByLabel("Your password").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();
        TurnedOnSecret = (await page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        await page.GetByLabel("Code from the app").FillAsync(Code(TurnedOnSecret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(page.GetByTestId("two-factor-status")).ToHaveAttributeAsync("data-enabled", "true");
    }

    private static string Code(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
