using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>Joining workspaces and getting back into an account, with the e-mails read from a real SMTP server.</summary>
public sealed class MembershipJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string NewPassword = "Str0ng!Passw0rd";

    [BrowserFact]
    public async Task RootCreatesAWorkspaceAndItsAdminAcceptsTheInvitation()
    {
        await Page.GotoAsync(App.Url(null, "/sign-in"));
        await Page.GetByLabel("E-mail").FillAsync("root@platform.test");
        await Page.GetByLabel("Password").FillAsync(DemoPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.Url(null, "/"));
        await Page.GotoAsync(App.Url(null, "/platform/tenants"));
        await Page.GetByTestId("new-workspace-link").ClickAsync();

        await Page.GetByLabel("Address (subdomain)").FillAsync("initrode");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Initrode");
        await Page.GetByLabel("First admin's e-mail").FillAsync("peter@initrode.test");
        await ScreenshotAsync("1-new-workspace");
        await Page.GetByTestId("create").ClickAsync();
        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("Initrode was created");
        await ScreenshotAsync("2-created");

        var mail = await App.Mail.WaitForAsync("peter@initrode.test", "You are invited to join Initrode");
        await using var peterContext = await App.NewContextAsync();
        var peter = await peterContext.NewPageAsync();
        await peter.GotoAsync(MailServer.LinkOf(mail));
        await Expect(peter.GetByTestId("invited-email")).ToHaveTextAsync("peter@initrode.test");
        await peter.GetByLabel("Your name").FillAsync("Peter Gibbons");
        await peter.GetByLabel("Password").FillAsync(NewPassword);
        await peter.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        await Expect(peter).ToHaveURLAsync(App.Url("initrode", "/"));
        await Expect(peter.GetByTestId("tenant-name")).ToHaveTextAsync("Initrode");
        await Expect(peter.GetByTestId("role")).ToHaveTextAsync("Tenant admin");
        await peter.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(nameof(MembershipJourneyTests), "RootCreatesAWorkspaceAndItsAdminAcceptsTheInvitation-3-peter-joined"), FullPage = true });
    }

    [BrowserFact]
    public async Task SomeoneStartsAWorkspaceConfirmsTheirAddressAndSignsInAsItsAdmin()
    {
        await Page.GotoAsync(App.Url(null, "/start"));
        await Page.GetByLabel("Address (subdomain)").FillAsync("hooli");
        await Page.GetByLabel("Workspace name").FillAsync("Hooli");
        await Page.GetByLabel("Your name").FillAsync("Gavin Belson");
        await Page.GetByLabel("Your e-mail").FillAsync("gavin@hooli.test");
        await Page.GetByLabel("Password").FillAsync(NewPassword);
        await Page.GetByTestId("submit").ClickAsync();
        await Expect(Page.GetByTestId("sent")).ToContainTextAsync("gavin@hooli.test");
        await ScreenshotAsync("1-check-your-inbox");

        var mail = await App.Mail.WaitForAsync("gavin@hooli.test", "Confirm your e-mail address to create Hooli");
        await Page.GotoAsync(MailServer.LinkOf(mail));
        await Expect(Page.GetByTestId("workspace")).ToHaveTextAsync("Hooli");
        await ScreenshotAsync("2-confirm");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm and create the workspace" }).ClickAsync();

        await Expect(Page.GetByTestId("created")).ToContainTextAsync("Hooli is ready");
        await Page.GetByTestId("sign-in-link").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("^" + Regex.Escape(App.Url("hooli", "/sign-in"))));
        await Page.GetByLabel("E-mail").FillAsync("gavin@hooli.test");
        await Page.GetByLabel("Password").FillAsync(NewPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByTestId("tenant-name")).ToHaveTextAsync("Hooli");
        await Expect(Page.GetByTestId("role")).ToHaveTextAsync("Tenant admin");
        await ScreenshotAsync("3-signed-in");
    }

    [BrowserFact]
    public async Task AliceInvitesAMemberWhoJoins()
    {
        await SignInAsync("acme", "alice@acme.test");
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Invitations" }).ClickAsync();

        var invite = Page.GetByTestId("invite");
        await invite.GetByLabel("E-mail").FillAsync("gina@example.test");
        await invite.GetByTestId("send-invitation").ClickAsync();
        await Expect(Page.GetByTestId("flash")).ToContainTextAsync("An invitation was sent to gina@example.test");
        await Expect(Page.GetByTestId("invitations")).ToContainTextAsync("gina@example.test");
        await ScreenshotAsync("1-invited");

        var mail = await App.Mail.WaitForAsync("gina@example.test", "[Acme Corp] You are invited");
        await using var ginaContext = await App.NewContextAsync();
        var gina = await ginaContext.NewPageAsync();
        await gina.GotoAsync(MailServer.LinkOf(mail));
        await gina.GetByLabel("Your name").FillAsync("Gina Linetti");
        await gina.GetByLabel("Password").FillAsync(NewPassword);
        await gina.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        await Expect(gina).ToHaveURLAsync(App.Url("acme", "/"));
        await Expect(gina.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Gina Linetti" })).ToBeVisibleAsync();
        await Expect(gina.GetByTestId("role")).ToHaveTextAsync("Member");
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("no-invitations")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task BobResetsAForgottenPasswordAndHisOtherDeviceIsToldWhy()
    {
        await using var laptopContext = await App.NewContextAsync();
        var laptop = await laptopContext.NewPageAsync();
        await laptop.GotoAsync(App.Url("acme", "/sign-in"));
        await laptop.GetByLabel("E-mail").FillAsync("bob@acme.test");
        await laptop.GetByLabel("Password").FillAsync(DemoPassword);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(laptop).ToHaveURLAsync(App.Url("acme", "/"));

        await Page.GotoAsync(App.Url("acme", "/sign-in"));
        await Page.GetByTestId("forgot-password").ClickAsync();
        await Page.GetByLabel("E-mail").FillAsync("bob@acme.test");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(Page.GetByTestId("notice")).ToContainTextAsync("If bob@acme.test has an account at Acme Corp");
        await ScreenshotAsync("1-link-sent");
        var mail = await App.Mail.WaitForAsync("bob@acme.test", "Reset your password");
        await Page.GotoAsync(MailServer.LinkOf(mail));
        await Expect(Page).ToHaveURLAsync(new Regex("/reset-password\\?token="));
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await Page.GetByLabel("New password, again").FillAsync(NewPassword);
        await ScreenshotAsync("2-new-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in\\?reason=PASSWORD_RESET"));

        await laptop.ReloadAsync();

        await Expect(laptop).ToHaveURLAsync(new Regex("/sign-in"));
        await Expect(laptop.GetByTestId("notice")).ToHaveTextAsync("Your password was reset with a link sent by e-mail, so every session of your account was ended. Sign in with the new password.");
        await laptop.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor(nameof(MembershipJourneyTests), "BobResetsAForgottenPasswordAndHisOtherDeviceIsToldWhy-3-laptop-told"), FullPage = true });
        await SignInAsync("acme", "bob@acme.test", NewPassword);
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));
        await App.Mail.WaitForAsync("bob@acme.test", "Your password was reset");
    }
}
