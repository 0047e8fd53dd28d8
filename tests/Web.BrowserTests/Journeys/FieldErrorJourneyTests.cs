using Microsoft.Playwright;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 25, item 3: errors beside the field that caused them — a wrong current password flags that field, takes the
/// focus and keeps the new password; Identity's rules read as one sentence; the policy form names its own fields; the
/// two-factor requirement's radio buttons are big enough at 390 px.
/// </summary>
public sealed class FieldErrorJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string NewPassword = "N3w-Passw0rd!";

    [BrowserFact]
    public async Task AWrongCurrentPasswordIsFlaggedBesideItsFieldAndTheNewPasswordIsKept()
    {
        await SignInAsync("acme", "bob@acme.test");
        await Page.GotoAsync(App.Url("acme", "/account/security"));
        var form = Page.GetByTestId("change-password");
        await form.GetByLabel("Current password").FillAsync("not-my-password");
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await form.GetByLabel("Repeat the new password").FillAsync(NewPassword);

        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(Page.GetByTestId("password-currentpassword-error")).ToHaveTextAsync("That is not your current password.");
        await Expect(form.GetByLabel("Current password")).ToBeFocusedAsync();
        await Expect(form.GetByLabel("Current password")).ToHaveValueAsync("");
        await Expect(form.GetByLabel("New password", new() { Exact = true })).ToHaveValueAsync(NewPassword);
        await Expect(form.GetByLabel("Repeat the new password")).ToHaveValueAsync(NewPassword);
        await Expect(Page.GetByTestId("error")).ToHaveCountAsync(0);
        await CheckBothSizesAsync("1-wrong-current");

        await form.GetByLabel("Current password").FillAsync(DemoPassword);
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync("short");
        await form.GetByLabel("Repeat the new password").FillAsync("short");
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(Page.GetByTestId("password-newpassword-error")).ToHaveTextAsync(PasswordRules.Sentence);
        await Expect(form.GetByLabel("New password", new() { Exact = true })).ToBeFocusedAsync();
        await Expect(form.GetByLabel("Current password")).ToHaveValueAsync(DemoPassword);
    }

    [BrowserFact]
    public async Task ThePolicyFormNamesItsFieldAndTheTwoFactorRadiosAreBigEnoughOnAPhone()
    {
        await SignInAsync("acme", "alice@acme.test");
        await Page.GotoAsync(App.Url("acme", "/admin/settings"));
        var policy = Page.GetByTestId("policy");
        await policy.GetByLabel("Password re-check", new() { Exact = true }).FillAsync("1");
        await Page.Locator("#Input_FreshAgeUnit").SelectOptionAsync("minutes");

        await policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        await Expect(Page.Locator("[data-valmsg-for='Input.FreshAge']")).ToHaveTextAsync("Password re-check must be between 5 minutes and 30 days.");

        await Page.GotoAsync(App.Url("acme", "/admin/two-factor"));

        await CheckBothSizesAsync("1-requirement");
    }
}
