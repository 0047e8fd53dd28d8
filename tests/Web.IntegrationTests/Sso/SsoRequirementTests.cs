using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sso;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>
/// Issue 22 item 4: a workspace requires its verified domains to use the connection. Password sign-in, reset and sign-up
/// of an address there are refused with a message naming the IdP; the break-glass administrator keeps the password and
/// second factor; the answers depend on the domain only, never on whether the account exists.
/// </summary>
public abstract class SsoRequirementTests(AppFixture app) : IntegrationTest(app)
{
    private const string NewPassword = "New-Passw0rd-42!";

    [Fact]
    public async Task PasswordSignInAtTheDomainIsRefusedNamingTheIdpTheSameWayForEveryAddressAndTheBreakGlassAdminStillSignsIn()
    {
        var alice = await RequireAsync(breakGlass: "alice@acme.test");

        var bob = await App.Client("acme").SignInAsync("bob@acme.test");
        var bobWrong = await App.Client("acme").SignInAsync("bob@acme.test", "not-his-password");
        var nobody = await App.Client("acme").SignInAsync("nobody@acme.test", "whatever-password");
        var breakGlassWrong = await App.Client("acme").SignInAsync("alice@acme.test", "not-her-password");
        var breakGlass = await App.Client("acme").SignInAsync("alice@acme.test");

        Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        Assert.Equal("SSO_REQUIRED", await CodeOf(bob));
        var answer = await BodyOf(bob);
        Assert.Contains("Continue with Okta", answer, StringComparison.Ordinal);
        Assert.Equal(answer, await BodyOf(bobWrong));
        Assert.Equal(answer, await BodyOf(nobody));
        Assert.Equal(answer, await BodyOf(breakGlassWrong));
        Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, breakGlass.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/get-session")).StatusCode);
    }

    [Fact]
    public async Task TheSignInPageShowsTheRefusalNamingTheIdp()
    {
        await RequireAsync(breakGlass: null);
        var visitor = App.Client("acme");

        var response = await Html.SubmitAsync(visitor, await visitor.PageAsync("/sign-in"), "main form", PageTestExtensions.Form(("Input.Email", "bob@acme.test"), ("Input.Password", TestClient.DemoPassword)), "/sign-in");
        var page = await Html.ParseAsync(response);

        Assert.Contains("Continue with Okta", page.Text("[data-testid=errors]"), StringComparison.Ordinal);
        Assert.Null(visitor.SessionToken);
    }

    [Fact]
    public async Task PasswordResetIsRefusedForEveryAddressAtTheDomainWithoutSendingAnythingAndAnEarlierLinkNoLongerWorks()
    {
        var visitor = App.Client("acme");
        Assert.True((await visitor.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" })).IsSuccessStatusCode);
        var token = (await App.SingleMailToAsync("bob@acme.test", "Reset your password")).SingleLinkPath().Split('/', '?')[4];
        App.Mail.Clear();
        await RequireAsync(breakGlass: "alice@acme.test");

        var bob = await visitor.PostJsonAsync("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" });
        var nobody = await visitor.PostJsonAsync("/api/auth/request-password-reset", new { email = "nobody@acme.test", redirectTo = "/reset-password" });
        var breakGlass = await visitor.PostJsonAsync("/api/auth/request-password-reset", new { email = "alice@acme.test", redirectTo = "/reset-password" });
        var earlierLink = await visitor.PostJsonAsync("/api/auth/reset-password", new { token, newPassword = NewPassword });
        var page = await Html.ParseAsync(await visitor.SubmitAsync(await visitor.PageAsync("/forgot-password"), "form[method=post]", PageTestExtensions.Form(("Email", "bob@acme.test"))));
        await App.DeliverEmailsAsync();

        Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        Assert.Equal("SSO_REQUIRED", await CodeOf(bob));
        Assert.Equal(await BodyOf(bob), await BodyOf(nobody));
        Assert.Equal(await BodyOf(bob), await BodyOf(breakGlass));
        Assert.Equal(HttpStatusCode.Forbidden, earlierLink.StatusCode);
        Assert.Equal("SSO_REQUIRED", await CodeOf(earlierLink));
        Assert.Contains("Continue with Okta", page.Text("[data-testid=errors]"), StringComparison.Ordinal);
        Assert.Empty(App.Mail.Received);
        Assert.True((await App.Client("acme").SignInAsync("bob@acme.test", NewPassword)).StatusCode == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SignUpAndAcceptingAnInvitationWithAPasswordAreRefusedAtTheDomainButNotElsewhere()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@acme.test", role = "Member" });
        var token = (await App.SingleMailToAsync("gina@acme.test")).SingleLinkPath().Split("token=")[1];
        await App.OpenAsync("acme");
        await RequireAsync(breakGlass: null);
        var visitor = App.Client("acme");

        var signUp = await visitor.PostJsonAsync("/api/auth/sign-up/email", new { name = "Dave", email = "dave@acme.test", password = NewPassword });
        var accepted = await visitor.PostJsonAsync("/api/auth/accept-invitation", new { token, name = "Gina", password = NewPassword });
        var elsewhere = await visitor.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@contractor.test", password = NewPassword });

        Assert.Equal(HttpStatusCode.Forbidden, signUp.StatusCode);
        Assert.Equal("SSO_REQUIRED", await CodeOf(signUp));
        Assert.Equal(HttpStatusCode.Forbidden, accepted.StatusCode);
        Assert.Equal("SSO_REQUIRED", await CodeOf(accepted));
        Assert.True(elsewhere.IsSuccessStatusCode, await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "gina@acme.test" || u.Email == "dave@acme.test")));
    }

    [Fact]
    public async Task AddressesOutsideTheVerifiedDomainsAndOtherWorkspacesAreUnaffectedAndTurningItOffRestoresPasswords()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var created = await alice.PostJsonAsync("/api/auth/admin/create-user", new { email = "erin@contractor.test", password = NewPassword, name = "Erin", role = "Member" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await RequireAsync(breakGlass: null);

        var erin = await App.Client("acme").SignInAsync("erin@contractor.test", NewPassword);
        var carol = await App.Client("globex").SignInAsync("carol@globex.test");
        var bob = await App.Client("acme").SignInAsync("bob@acme.test");
        var off = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = false });
        var bobAfter = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.OK, erin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, carol.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobAfter.StatusCode);
    }

    [Fact]
    public async Task TheRequirementNeedsAVerifiedDomainAFreshAdminAndABreakGlassAdministratorOfThisWorkspace()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", SsoConnectionTests.Body((await SharedIdentityProvider.GetAsync()).Issuer, "okta", "acme.test")));
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var carolId = (await App.UserAsync("carol@globex.test")).Id;

        var unverified = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true });
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        var member = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true, breakGlassUserId = bobId });
        var otherWorkspace = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true, breakGlassUserId = carolId });
        var nobody = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true, breakGlassUserId = Guid.NewGuid() });
        var byMember = await App.SignedInAsync("acme", "bob@acme.test");
        var memberTries = await byMember.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true });
        var noBody = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { });
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var stale = await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true });

        Assert.Equal(HttpStatusCode.BadRequest, unverified.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherWorkspace.StatusCode);
        Assert.Equal(await BodyOf(nobody), await BodyOf(otherWorkspace));
        Assert.Equal(HttpStatusCode.Forbidden, memberTries.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.False(await App.QueryAsync(db => db.Tenants.Where(t => t.Slug == "acme").Select(t => t.SsoRequired).SingleAsync()));
    }

    [Fact]
    public async Task TheAdminPageTurnsTheRequirementOnOnlyAfterAConfirmationAndAuditsIt()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", SsoConnectionTests.Body((await SharedIdentityProvider.GetAsync()).Issuer, "okta", "acme.test")));
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;
        var page = await alice.PageAsync("/admin/sso");

        var asked = await Html.ParseAsync(await alice.SubmitAsync(page, "form[data-testid=require-sso]", PageTestExtensions.Form(("required", "true"), ("breakGlassUserId", aliceId.ToString()))));
        var notYet = await App.QueryAsync(db => db.Tenants.Where(t => t.Slug == "acme").Select(t => t.SsoRequired).SingleAsync());
        var saved = await alice.SubmitAndFollowAsync(asked, "[data-testid=confirm] form");

        Assert.Contains("acme.test", asked.Text("[data-testid=confirm]"), StringComparison.Ordinal);
        Assert.False(notYet);
        Assert.Contains("break-glass account alice@acme.test", saved.Text("[data-testid=sso-requirement]"), StringComparison.Ordinal);
        var tenant = await App.QueryAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Slug == "acme"));
        Assert.True(tenant.SsoRequired);
        Assert.Equal(aliceId, tenant.SsoBreakGlassUserId);
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == SsoReasons.SsoRequirementChanged)));
    }

    /// <summary>acme's connection Okta at acme.test, verified, with the requirement on (through the API, as its admin).</summary>
    private async Task<TestClient> RequireAsync(string? breakGlass)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        if (!await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AnyAsync()))
        {
            await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", SsoConnectionTests.Body((await SharedIdentityProvider.GetAsync()).Issuer, "okta", "acme.test")));
        }

        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        Guid? breakGlassId = breakGlass is null ? null : (await App.UserAsync(breakGlass)).Id;
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/update-requirement", new { required = true, breakGlassUserId = breakGlassId }));
        return alice;
    }

    private static async Task<string> BodyOf(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSsoRequirementTests(SqliteAppFixture app) : SsoRequirementTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSsoRequirementTests(PostgresAppFixture app) : SsoRequirementTests(app);
