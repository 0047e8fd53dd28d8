using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Membership;

public abstract class InvitationTests(AppFixture app) : IntegrationTest(app)
{
    private const string Password = "Sup3r-secret!";

    [Fact]
    public async Task AnInviteeSetsANameAndPasswordAndLandsSignedInWithTheInvitedRole()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var invited = await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "TenantAdmin" }));
        var mail = await App.SingleMailToAsync("gina@example.test");
        var gina = App.Client("acme");

        var page = await gina.PageAsync(mail.SingleLinkPath());
        var joined = await gina.SubmitAsync(page, "main form", PageTestExtensions.Form(("Name", "Gina"), ("Password", Password)));

        Assert.Equal("[Acme Corp] You are invited to join Acme Corp", mail.Subject);
        Assert.Contains("Alice Admin invited you to join Acme Corp as TenantAdmin", mail.TextBody);
        Assert.Equal("gina@example.test", page.Text("[data-testid=invited-email]"));
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var session = await gina.GetSessionAsync();
        Assert.Equal("gina@example.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("TenantAdmin", session.GetProperty("user").GetProperty("role").GetString());
        Assert.True((await App.UserAsync("gina@example.test")).EmailConfirmed);
        var list = await SessionTestExtensions.JsonAsync(await alice.GetAsync("/api/auth/admin/invitations"));
        Assert.Empty(list.GetProperty("invitations").EnumerateArray());
        Assert.Equal("gina@example.test", invited.GetProperty("email").GetString());
    }

    [Fact]
    public async Task AnInvitationWorksOnceAndIsStoredHashed()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" });
        var token = (await App.SingleMailToAsync("gina@example.test")).SingleLinkPath().Split("token=")[1];

        var first = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina", password = Password });
        var second = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina 2", password = Password });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("INVALID_TOKEN", await SessionTestExtensions.CodeOf(second));
        var stored = await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(TenantSessions.Application.Auth.AccountTokens.Hash(token), stored.TokenHash);
    }

    [Fact]
    public async Task AnInvitationExpiresAfterSevenDays()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" });
        var token = (await App.SingleMailToAsync("gina@example.test")).SingleLinkPath().Split("token=")[1];
        App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var late = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina", password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal("INVALID_TOKEN", await SessionTestExtensions.CodeOf(late));
    }

    [Fact]
    public async Task ResendingGivesANewLinkAndTheOldOneStopsWorkingAndCancellingStopsIt()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var invitation = await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" }));
        var oldToken = (await App.SingleMailToAsync("gina@example.test")).SingleLinkPath().Split("token=")[1];
        App.Mail.Clear();

        var resent = await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync($"/api/auth/admin/invitations/{invitation.GetProperty("id").GetGuid()}/resend", null));
        var newToken = (await App.SingleMailToAsync("gina@example.test")).SingleLinkPath().Split("token=")[1];
        var withOld = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token = oldToken, name = "Gina", password = Password });
        var listed = await SessionTestExtensions.JsonAsync(await alice.GetAsync("/api/auth/admin/invitations"));
        var cancel = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/admin/invitations/{resent.GetProperty("id").GetGuid()}"));
        var withNewAfterCancel = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token = newToken, name = "Gina", password = Password });

        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(HttpStatusCode.BadRequest, withOld.StatusCode);
        Assert.Equal(resent.GetProperty("id").GetGuid(), Assert.Single(listed.GetProperty("invitations").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withNewAfterCancel.StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "gina@example.test")));
    }

    [Fact]
    public async Task AGlobexAdminCannotSeeResendOrCancelAcmeInvitations()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var invitation = await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" }));
        var id = invitation.GetProperty("id").GetGuid();
        var token = (await App.SingleMailToAsync("gina@example.test")).SingleLinkPath().Split("token=")[1];
        var carol = await App.SignedInAsync("globex", "carol@globex.test");

        var list = await SessionTestExtensions.JsonAsync(await carol.GetAsync("/api/auth/admin/invitations"));
        var resend = await carol.PostJsonAsync($"/api/auth/admin/invitations/{id}/resend", null);
        var cancel = await carol.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/admin/invitations/{id}"));
        var accept = await App.Client("globex").PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina", password = Password });

        Assert.Empty(list.GetProperty("invitations").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, accept.StatusCode);
        Assert.Single((await SessionTestExtensions.JsonAsync(await alice.GetAsync("/api/auth/admin/invitations"))).GetProperty("invitations").EnumerateArray());
    }

    [Fact]
    public async Task AMemberCannotInviteAndAStaleAdminSessionMustReauthenticate()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var byMember = await bob.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" });
        App.Clock.Advance(TimeSpan.FromDays(2));
        var stale = await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "Member" });

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await SessionTestExtensions.CodeOf(stale));
        await App.DeliverEmailsAsync();
        Assert.Empty(App.Mail.Received);
    }

    [Fact]
    public async Task InvitingAnExistingMemberOrWithAnUnknownRoleIsRefused()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var member = await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "bob@acme.test", role = "Member" });
        var role = await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@example.test", role = "PlatformSuperadmin" });

        Assert.Equal(HttpStatusCode.Conflict, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
    }

    [Fact]
    public async Task AcceptingWithABadTokenOrForAnAddressThatHasAnAccountGetsTheSameAnswer()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@acme.test", role = "Member" });
        var token = (await App.SingleMailToAsync("gina@acme.test")).SingleLinkPath().Split("token=")[1];
        await App.Client("acme").PostJsonAsync("/api/auth/sign-up/email", new { name = "Gina", email = "gina@acme.test", password = Password });
        var verify = (await App.SingleMailToAsync("gina@acme.test", "Confirm")).SingleLinkPath().Split("token=")[1];
        await App.Client("acme").PostJsonAsync("/api/auth/verify-email", new { token = verify });

        var existing = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina", password = Password });
        var bogus = await App.Client("acme").PostJsonAsync("/api/auth/accept-invitation", new { token = "bogus-token-value", name = "Gina", password = Password });

        Assert.Equal(bogus.StatusCode, existing.StatusCode);
        Assert.Equal(await bogus.Content.ReadAsStringAsync(), await existing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheJoinPolicyIsSetByTheAdminAndOpensOrClosesSignUps()
    {
        var carol = await App.SignedInAsync("globex", "carol@globex.test");

        var before = await SessionTestExtensions.JsonAsync(await carol.GetAsync("/api/auth/admin/join-policy"));
        var bad = await carol.PutJsonAsync("/api/auth/admin/join-policy", new { policy = "allowedDomains", domains = new[] { "not a domain" } });
        var saved = await SessionTestExtensions.JsonAsync(await carol.PutJsonAsync("/api/auth/admin/join-policy", new { policy = "allowedDomains", domains = new[] { "@Globex.Test" } }));
        var signUp = await App.Client("globex").PostJsonAsync("/api/auth/sign-up/email", new { name = "G", email = "gus@globex.test", password = Password });

        Assert.Equal("inviteOnly", before.GetProperty("policy").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("allowedDomains", saved.GetProperty("policy").GetString());
        Assert.Equal(["globex.test"], saved.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
    }

    [Fact]
    public async Task TheAdminInvitesAndCancelsFromTheInvitationsPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/admin/invitations");
        var listed = await alice.SubmitAndFollowAsync(page, "[data-testid=invite]", PageTestExtensions.Form(("Email", "gina@example.test"), ("Role", "Member")));
        var cancelled = await alice.SubmitAndFollowAsync(listed, "[data-invitation-id] details form");

        Assert.Contains("gina@example.test", listed.Text("[data-testid=invitations]"));
        Assert.Equal("No pending invitations.", cancelled.Text("[data-testid=no-invitations]"));
        var mail = await App.SingleMailToAsync("gina@example.test");
        var opened = await App.Client("acme").PageAsync(mail.SingleLinkPath());
        Assert.Contains("cannot be used", opened.Text("h1"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteInvitationTests(SqliteAppFixture app) : InvitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresInvitationTests(PostgresAppFixture app) : InvitationTests(app);
