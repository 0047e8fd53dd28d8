using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Account;

public abstract class PasswordResetTests(AppFixture app) : IntegrationTest(app)
{
    private const string NewPassword = "N3w-passw0rd!";

    [Fact]
    public async Task AKnownAndAnUnknownAddressGetTheSameAnswerAndTheSameDatabaseWork()
    {
        var client = App.Client("acme");
        await client.GetAsync("/api/auth/get-session");

        var before = App.Commands.Count;
        var known = await client.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" });
        var knownCommands = App.Commands.Count - before;
        before = App.Commands.Count;
        var unknown = await client.PostJsonAsync("/api/auth/request-password-reset", new { email = "nobody@acme.test", redirectTo = "/reset-password" });
        var unknownCommands = App.Commands.Count - before;

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal("{\"status\":true}", await known.Content.ReadAsStringAsync());
        Assert.Equal("{\"status\":true}", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(knownCommands, unknownCommands);
        await App.DeliverEmailsAsync();
        Assert.Single(Assert.Single(App.Mail.To("bob@acme.test")).Links());
        var note = Assert.Single(App.Mail.To("nobody@acme.test"));
        Assert.Empty(note.Links());
        Assert.Equal("[Acme Corp] Reset your password", note.Subject);
    }

    [Fact]
    public async Task TheResetLinkSetsThePasswordEndsEverySessionAndTheOtherDevicesAreToldWhy()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await phone.WarmCacheAsync(App);
        var stranger = App.Client("acme");

        await stranger.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" });
        var mail = await App.SingleMailToAsync("bob@acme.test");
        var opened = await stranger.GetAsync(mail.SingleLinkPath());
        var token = QueryValue(opened.Location()!, "token");
        var reset = await stranger.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token });

        Assert.Equal("[Acme Corp] Reset your password", mail.Subject);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("/reset-password?token=", opened.Location());
        Assert.Equal("{\"status\":true}", await reset.Content.ReadAsStringAsync());
        var phonePage = await phone.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.Redirect, phonePage.StatusCode);
        Assert.Contains("reason=PASSWORD_RESET", phonePage.Location());
        var signIn = await phone.PageAsync(phonePage.Location()!);
        Assert.Equal("Your password was reset with a link sent by e-mail, so every session of your account was ended. Sign in with the new password.", signIn.Text("[data-testid=notice]"));
        var ended = await laptop.GetAsync("/api/auth/get-session");
        Assert.Equal("null", await ended.Content.ReadAsStringAsync());
        Assert.Equal(RevokeReasons.PasswordReset, Assert.Single(ended.Headers.GetValues("X-Session-Ended-Reason")));
        var bob = await App.UserAsync("bob@acme.test");
        var sessions = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.UserId == bob.Id).ToListAsync());
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(RevokeReasons.PasswordReset, s.RevokeReason));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", NewPassword)).StatusCode);
        await App.DeliverEmailsAsync();
        Assert.Contains(App.Mail.To("bob@acme.test"), m => m.Subject == "[Acme Corp] Your password was reset");
    }

    [Fact]
    public async Task AResetTokenWorksOnceIsStoredHashedAndExpiresAfterAnHour()
    {
        var client = App.Client("acme");
        var first = await RequestTokenAsync(client, "bob@acme.test");
        var second = await RequestTokenAsync(client, "bob@acme.test");

        var used = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token = first });
        var again = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token = first });
        var otherLinkAfterReset = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token = second });
        var third = await RequestTokenAsync(client, "bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token = third });

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        foreach (var refused in new[] { again, otherLinkAfterReset, expired })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("INVALID_TOKEN", await SessionTestExtensions.CodeOf(refused));
        }

        var stored = await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().AsNoTracking().Select(t => t.TokenHash).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.DoesNotContain(first, stored);
        Assert.Contains(TenantSessions.Application.Auth.AccountTokens.Hash(first), stored);
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedWithoutUsingTheLink()
    {
        var client = App.Client("acme");
        var token = await RequestTokenAsync(client, "bob@acme.test");

        var weak = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = "short", token });
        var strong = await client.PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token });

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await SessionTestExtensions.CodeOf(weak));
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
    }

    [Fact]
    public async Task AnAcmeResetLinkDoesNothingOnGlobex()
    {
        var token = await RequestTokenAsync(App.Client("acme"), "bob@acme.test");

        var onGlobex = await App.Client("globex").PostJsonAsync("/api/auth/reset-password", new { newPassword = NewPassword, token });
        var opened = await App.Client("globex").GetAsync($"/api/auth/reset-password/{token}?callbackURL=/reset-password");

        Assert.Equal(HttpStatusCode.BadRequest, onGlobex.StatusCode);
        Assert.Equal("/reset-password?error=INVALID_TOKEN", opened.Location());
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task AnAddressGetsAtMostThreeMessagesAnHourAndTheAnswerNeverChanges()
    {
        var client = App.Client("acme");

        var answers = new List<string>();
        foreach (var email in Enumerable.Repeat("bob@acme.test", 5).Concat(Enumerable.Repeat("nobody@acme.test", 5)))
        {
            var response = await client.PostJsonAsync("/api/auth/request-password-reset", new { email });
            answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await App.DeliverEmailsAsync();
        Assert.All(answers, a => Assert.Equal("200 {\"status\":true}", a));
        Assert.Equal(3, App.Mail.To("bob@acme.test").Count);
        Assert.Equal(3, App.Mail.To("nobody@acme.test").Count);
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await client.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test" });
        await App.DeliverEmailsAsync();
        Assert.Equal(4, App.Mail.To("bob@acme.test").Count);
    }

    [Fact]
    public async Task TheLinkNeverSendsTheBrowserToAnotherSite()
    {
        var client = App.Client("acme");

        await client.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "https://evil.example/steal" });
        var mail = await App.SingleMailToAsync("bob@acme.test");
        var link = Assert.Single(mail.Links());
        var opened = await client.GetAsync(link.PathAndQuery);
        var forged = await client.GetAsync($"/api/auth/reset-password/{QueryValue(opened.Location()!, "token")}?callbackURL=//evil.example");

        Assert.Equal("acme.localhost", link.Host);
        Assert.StartsWith("/reset-password?token=", opened.Location());
        Assert.StartsWith("/reset-password?token=", forged.Location());
    }

    [Fact]
    public async Task TheForgotPasswordAndSetANewPasswordPagesResetThePassword()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var browser = App.Client("acme");

        var forgot = await browser.PageAsync("/forgot-password");
        var sent = await Html.ParseAsync(await browser.SubmitAsync(forgot, "main form", PageTestExtensions.Form(("Email", "bob@acme.test"))));
        var mail = await App.SingleMailToAsync("bob@acme.test");
        var opened = await browser.GetAsync(mail.SingleLinkPath());
        var form = await browser.PageAsync(opened.Location()!);
        var done = await browser.SubmitAsync(form, "main form", PageTestExtensions.Form(("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
        var reused = await Html.ParseAsync(await browser.SubmitAsync(form, "main form", PageTestExtensions.Form(("NewPassword", NewPassword), ("ConfirmPassword", NewPassword))));

        Assert.Contains("If bob@acme.test has an account at Acme Corp", sent.Text("[data-testid=notice]"));
        Assert.Equal("/sign-in?reason=PASSWORD_RESET", done.Location());
        Assert.Contains("invalid, has expired or was already used", reused.Text("[data-testid=notice]"));
        var ended = await bob.GetAsync("/api/auth/get-session");
        Assert.Equal("null", await ended.Content.ReadAsStringAsync());
        Assert.Equal(RevokeReasons.PasswordReset, Assert.Single(ended.Headers.GetValues("X-Session-Ended-Reason")));
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", NewPassword)).StatusCode);
    }

    private async Task<string> RequestTokenAsync(TestClient client, string email)
    {
        App.Mail.Clear();
        await client.PostJsonAsync("/api/auth/request-password-reset", new { email });
        var mail = await App.SingleMailToAsync(email, "Reset your password");
        return mail.SingleLinkPath().Split('/', '?')[4];
    }

    private static string QueryValue(string location, string name) =>
        Uri.UnescapeDataString(location.Split('?', 2)[1].Split('&').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..]);
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePasswordResetTests(SqliteAppFixture app) : PasswordResetTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPasswordResetTests(PostgresAppFixture app) : PasswordResetTests(app);
