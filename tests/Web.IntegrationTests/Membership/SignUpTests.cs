using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Membership;

public abstract class SignUpTests(AppFixture app) : IntegrationTest(app)
{
    private const string Password = "Sup3r-secret!";

    [Fact]
    public async Task TheVerificationLinkCreatesTheVerifiedMemberAndSignsThemInOnce()
    {
        var browser = App.Client("acme");
        await browser.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@acme.test", password = Password });
        var mail = await App.SingleMailToAsync("erin@acme.test", "Confirm your e-mail address");

        var page = await browser.PageAsync(mail.SingleLinkPath());
        var usersAfterOpening = await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "erin@acme.test"));
        var confirmed = await browser.SubmitAsync(page, "main form");
        var again = await App.Client("acme").PostJsonAsync("/api/auth/verify-email", new { token = mail.SingleLinkPath().Split("token=")[1] });

        Assert.Equal("erin@acme.test", page.Text("[data-testid=email]"));
        Assert.Equal(0, usersAfterOpening);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var session = await browser.GetSessionAsync();
        Assert.Equal("erin@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Member", session.GetProperty("user").GetProperty("role").GetString());
        var erin = await App.UserAsync("erin@acme.test");
        Assert.True(erin.EmailConfirmed);
        Assert.Equal("Erin", erin.DisplayName);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("INVALID_TOKEN", await SessionTestExtensions.CodeOf(again));
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("erin@acme.test", Password)).StatusCode);
    }

    [Fact]
    public async Task AStrangerCannotSignUpOnAnInviteOnlyWorkspaceAndTheAnswerDoesNotDependOnMembership()
    {
        var globex = App.Client("globex");

        var member = await globex.PostJsonAsync("/api/auth/sign-up/email", new { name = "C", email = "carol@globex.test", password = Password });
        var stranger = await globex.PostJsonAsync("/api/auth/sign-up/email", new { name = "S", email = "stranger@example.test", password = Password });

        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(member.StatusCode, stranger.StatusCode);
        Assert.Equal("SIGN_UP_NOT_ALLOWED", await SessionTestExtensions.CodeOf(stranger));
        Assert.Equal(await member.Content.ReadAsStringAsync(), await stranger.Content.ReadAsStringAsync());
        Assert.Contains("Globex is invite-only", await stranger.Content.ReadAsStringAsync());
        await App.DeliverEmailsAsync();
        Assert.Empty(App.Mail.Received);
    }

    [Fact]
    public async Task TheSignUpPageOfAnInviteOnlyWorkspaceSaysToAskForAnInvitation()
    {
        var globex = App.Client("globex");
        var form = await globex.PageAsync("/sign-up");

        var refused = await Html.ParseAsync(await globex.SubmitAsync(form, "main form", PageTestExtensions.Form(("Input.Name", "S"), ("Input.Email", "stranger@example.test"), ("Input.Password", Password))));

        Assert.Contains("Globex is invite-only: ask one of its administrators for an invitation.", refused.Text("[data-testid=errors]"));
    }

    [Fact]
    public async Task AcmeAcceptsSignUpsOnlyFromItsListedDomain()
    {
        var acme = App.Client("acme");

        var outsider = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "O", email = "olga@example.test", password = Password });
        var insider = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "I", email = "ivan@acme.test", password = Password });

        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        Assert.Contains("only from addresses at acme.test", await outsider.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, insider.StatusCode);
    }

    [Fact]
    public async Task AKnownAndANewAddressGetTheSameAnswerAndTheSameDatabaseWork()
    {
        var acme = App.Client("acme");
        await acme.GetAsync("/api/auth/get-session");

        var before = App.Commands.Count;
        var known = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "Bob", email = "bob@acme.test", password = Password });
        var knownCommands = App.Commands.Count - before;
        before = App.Commands.Count;
        var fresh = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@acme.test", password = Password });
        var freshCommands = App.Commands.Count - before;

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, fresh.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await fresh.Content.ReadAsStringAsync());
        Assert.Equal(knownCommands, freshCommands);
        Assert.Null(acme.SessionToken);
        await App.DeliverEmailsAsync();
        var toBob = Assert.Single(App.Mail.To("bob@acme.test"));
        Assert.Equal("[Acme Corp] Someone tried to sign up with your address", toBob.Subject);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task ResendingTheVerificationIsLimitedToThreeMessagesAnHourPerAddress()
    {
        var acme = App.Client("acme");
        await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@acme.test", password = Password });

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var response = await acme.PostJsonAsync("/api/auth/send-verification-email", new { email = "erin@acme.test" });
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        var unknown = await acme.PostJsonAsync("/api/auth/send-verification-email", new { email = "nobody@acme.test" });
        await App.DeliverEmailsAsync();
        Assert.All(answers, a => Assert.Equal("{\"status\":true}", a));
        Assert.Equal("{\"status\":true}", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(3, App.Mail.To("erin@acme.test").Count);
        Assert.Empty(App.Mail.To("nobody@acme.test"));
    }

    [Fact]
    public async Task AVerificationLinkStopsWorkingWhenTheWorkspaceBecomesInviteOnly()
    {
        var acme = App.Client("acme");
        await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@acme.test", password = Password });
        var token = (await App.SingleMailToAsync("erin@acme.test")).SingleLinkPath().Split("token=")[1];
        await App.QueryAsync(async db =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == "acme");
            tenant.ChangeJoinPolicy(JoinPolicy.InviteOnly, []);
            return await db.SaveChangesAsync();
        });

        var response = await acme.PostJsonAsync("/api/auth/verify-email", new { token });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(acme.SessionToken);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignUpTests(SqliteAppFixture app) : SignUpTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignUpTests(PostgresAppFixture app) : SignUpTests(app);
