using Microsoft.Playwright;
using OtpNet;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>Issue 25, item 4: two-factor status on the security page (app, passkeys, codes left) and for admins on the members list and member page.</summary>
public sealed class TwoFactorStatusJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task BobSeesHisSecondFactorsAndAliceSeesWhoHasTwoFactorOn()
    {
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        await Expect(Page.GetByTestId("security-two-factor")).ToHaveAttributeAsync("data-enabled", "false");
        await Expect(Page.GetByTestId("security-passkeys")).ToContainTextAsync("None yet");

        await Page.GotoAsync(App.Url("acme", "/account/two-factor"));
        await Page.GetByLabel("Your password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();
        var secret = (await Page.GetByTestId("totp-secret").GetAttributeAsync("data-secret"))!;
        await Page.GetByLabel("Code from the app").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("Two-factor authentication is on");
        await Page.GotoAsync(App.Url("acme", "/account/security"));

        await Expect(Page.GetByTestId("security-two-factor")).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(Page.GetByTestId("security-two-factor")).ToContainTextAsync("10 recovery codes left");
        await CheckBothSizesAsync("1-security");

        await using var aliceContext = await App.NewContextAsync();
        var alice = await aliceContext.NewPageAsync();
        await alice.GotoAsync(App.Url("acme", "/sign-in"));
        await alice.GetByLabel("E-mail").FillAsync("alice@acme.test");
        await alice.GetByLabel("Password").FillAsync(DemoPassword);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await alice.GotoAsync(App.Url("acme", "/admin/members"));

        var bob = alice.GetByTestId("member-row").Filter(new() { HasText = "Bob Member" });
        await Expect(bob.GetByTestId("member-two-factor")).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(alice.GetByTestId("member-row").Filter(new() { HasText = "alice@acme.test" }).GetByTestId("member-two-factor")).ToHaveAttributeAsync("data-enabled", "false");
        await CheckBothSizesAsync("2-members", alice);
        await bob.GetByRole(AriaRole.Link, new() { Name = "Bob Member" }).ClickAsync();

        await Expect(alice.GetByTestId("member-two-factor")).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(alice.GetByTestId("member-two-factor-summary")).ToHaveTextAsync("Two-factor on");
        await CheckBothSizesAsync("3-member", alice);
    }
}
