using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>
/// Issue 22 item 3: signing in through the workspace's IdP (npm oidc-provider on loopback, the real code flow with PKCE,
/// state and nonce through ASP.NET Core's OpenIdConnect handler), provisioning and linking, and every refusal a page.
/// </summary>
public abstract class SsoSignInTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ANewMemberOfAVerifiedDomainSignsInThroughTheIdpAndTheSessionRecordsSsoTheIssuerSubAndSid()
    {
        var idp = await ConnectAsync("acme", verified: true);
        var dave = App.Client("acme");

        var back = await SignInThroughIdpAsync(idp, dave, "dave.new@acme.test", "/account/security");

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/account/security", back.Location());
        var session = await dave.GetSessionAsync();
        Assert.Equal("dave.new@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Member", session.GetProperty("user").GetProperty("role").GetString());
        var id = await dave.SessionIdAsync();
        Assert.Equal(AuthenticationMethods.Sso, (await App.SessionRowAsync(id)).AuthenticationMethod);
        var link = await App.QueryAsync(db => db.SsoSessionLinks.IgnoreQueryFilters().AsNoTracking().SingleAsync(l => l.SessionId == id));
        Assert.Equal(idp.Issuer, link.Issuer);
        Assert.Equal("dave.new@acme.test", link.Subject);
        Assert.False(string.IsNullOrEmpty(link.IdpSessionId));
        var user = await App.UserAsync("dave.new@acme.test");
        Assert.True(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.Contains("user.sso_provisioned", await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task AnExistingMemberIsLinkedOnlyWhenTheIdpAssertsAVerifiedEmailOfAVerifiedDomain()
    {
        var idp = await ConnectAsync("acme", verified: false);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var unverifiedDomain = await SignInThroughIdpAsync(idp, App.Client("acme"), "bob@acme.test");
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        var unverifiedEmail = await SignInThroughIdpAsync(idp, App.Client("acme"), "unverified.bob@acme.test");
        var otherDomain = await SignInThroughIdpAsync(idp, App.Client("acme"), "bob@elsewhere.test");
        var bob = App.Client("acme");
        var linked = await SignInThroughIdpAsync(idp, bob, "bob@acme.test");

        Assert.Equal("/sign-in/sso?error=SSO_DOMAIN_NOT_VERIFIED", unverifiedDomain.Location());
        Assert.Equal("/sign-in/sso?error=SSO_EMAIL_NOT_VERIFIED", unverifiedEmail.Location());
        Assert.Equal("/sign-in/sso?error=SSO_DOMAIN_NOT_SERVED", otherDomain.Location());
        Assert.Equal("/", linked.Location());
        Assert.Equal(bobId, (await App.SessionRowAsync(await bob.SessionIdAsync())).UserId);
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.AuthenticationMethod == AuthenticationMethods.Sso)));
        Assert.Equal(0, await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "unverified.bob@acme.test")));
        Assert.Equal(bobId, await App.QueryAsync(db => db.UserLogins.Where(l => l.ProviderKey == "bob@acme.test").Select(l => l.UserId).SingleAsync()));
        var page = await Html.ParseAsync(await App.Client("acme").GetAsync("/sign-in/sso?error=SSO_EMAIL_NOT_VERIFIED"));
        Assert.Contains("has not verified your e-mail address", page.Text("[data-testid=sso-refused]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStateFromAnotherWorkspaceHostAndAReplayedCallbackAreRefusedWithAClearPage()
    {
        // Both workspaces use one client of one IdP, with a callback on each host: the code and the correlation cookie are
        // good on globex too, so only the state's purpose (the workspace and the connection) keeps acme's state off globex.
        var idp = await SharedIdentityProvider.GetAsync();
        var shared = await idp.RegisterClientAsync(
            "http://acme.localhost/api/auth/sso/callback/okta", alsoRedirectTo: ["http://globex.localhost/api/auth/sso/callback/okta"]);
        await ConnectAsync("acme", verified: true, client: shared);
        await ConnectAsync("globex", verified: true, domain: "acme.test", client: shared);
        var dave = App.Client("acme");
        var start = await JsonAsync(await dave.PostJsonAsync("/api/auth/sign-in/sso", new { email = "dave@acme.test" }));
        using var person = idp.NewBrowser();
        var callback = await person.SignInAsync(start.GetProperty("url").GetString()!, "dave@acme.test");
        var onGlobex = App.Client("globex");
        foreach (var (name, value) in dave.Cookies)
        {
            onGlobex.Cookies[name] = value;
        }

        var elsewhere = await onGlobex.GetAsync(callback.PathAndQuery);
        var first = await dave.GetAsync(callback.PathAndQuery);
        var replayed = await dave.GetAsync(callback.PathAndQuery);
        var refusedPage = await Html.ParseAsync(await App.Client("acme").GetAsync(elsewhere.Location()!));

        Assert.Equal("/sign-in/sso?error=SSO_FAILED", elsewhere.Location());
        Assert.Null(onGlobex.SessionToken);
        Assert.Equal("/", first.Location());
        Assert.Equal("/sign-in/sso?error=SSO_FAILED", replayed.Location());
        Assert.Contains("did not complete", refusedPage.Text("[data-testid=sso-refused]"), StringComparison.Ordinal);
        Assert.Equal(1, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.AuthenticationMethod == AuthenticationMethods.Sso)));
    }

    [Fact]
    public async Task TheSignInPageOffersContinueWithTheIdpAndItsButtonPushesTheAuthorizationRequest()
    {
        var idp = await ConnectAsync("acme", verified: false);
        var visitor = App.Client("acme");
        var page = await visitor.PageAsync("/sign-in");

        var started = await visitor.SubmitAsync(page, "[data-testid=sso-sign-in] form");

        Assert.Equal("Continue with Okta", page.Text("[data-testid=sso-okta]"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var location = new Uri(started.Location()!);
        Assert.Equal(idp.Issuer + "/auth", location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", query["request_uri"], StringComparison.Ordinal);
        Assert.Null(query["state"]);
        Assert.Null(query["redirect_uri"]);
        Assert.Empty((await App.Client("globex").PageAsync("/sign-in")).QuerySelectorAll("[data-testid=sso-sign-in]"));
    }

    [Fact]
    public async Task HomeRealmDiscoveryRoutesOnlyByAVerifiedDomainOfThisWorkspace()
    {
        await ConnectAsync("acme", verified: false);
        var visitor = App.Client("acme");

        var unverified = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { email = "dave@acme.test" });
        var byId = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { providerId = "okta" });
        var onGlobex = await App.Client("globex").PostJsonAsync("/api/auth/sign-in/sso", new { providerId = "okta" });
        var nothing = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { });
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        var verified = await JsonAsync(await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { email = "dave@ACME.test" }));
        var form = await visitor.SubmitAsync(await visitor.PageAsync("/sign-in/sso"), "[data-testid=sso-email]", PageTestExtensions.Form(("Email", "dave@unknown.test")));

        Assert.Equal(HttpStatusCode.BadRequest, unverified.StatusCode);
        Assert.Equal("SSO_UNKNOWN_CONNECTION", await CodeOf(unverified));
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("SSO_UNKNOWN_CONNECTION", await CodeOf(onGlobex));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.True(verified.GetProperty("redirect").GetBoolean());
        Assert.StartsWith((await SharedIdentityProvider.GetAsync()).Issuer + "/auth?", verified.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("No identity provider", (await Html.ParseAsync(form)).Text("[data-valmsg-for=Email]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedCallbacksAndABannedMemberGetTheRefusalPageNeverAServerError()
    {
        var idp = await ConnectAsync("acme", verified: true);
        var visitor = App.Client("acme");
        var bob = await App.SignedInAsync("acme", "alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await bob.PostJsonAsync("/api/auth/admin/ban-user", new { userId = (await App.UserAsync("bob@acme.test")).Id })).StatusCode);

        var answers = new List<HttpResponseMessage>();
        foreach (var path in new[]
        {
            "/api/auth/sso/callback/okta", "/api/auth/sso/callback/okta?code=x&state=y", "/api/auth/sso/callback/okta?state=%00%ff&code=",
            "/api/auth/sso/callback/okta?error=access_denied&state=abc", "/api/auth/sso/callback/nothing?code=x&state=y", "/api/auth/sso/callback/okta?code=x&code=y&state=z",
        })
        {
            answers.Add(await visitor.GetAsync(path));
        }

        var banned = await SignInThroughIdpAsync(idp, App.Client("acme"), "bob@acme.test");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.All(answers, a => Assert.StartsWith("/sign-in/sso?error=SSO_", a.Location(), StringComparison.Ordinal));
        Assert.Equal("/sign-in/sso?error=SSO_ACCOUNT_DISABLED", banned.Location());
        Assert.Null(visitor.SessionToken);
    }

    private async Task<TestIdentityProvider> ConnectAsync(string slug, bool verified, string? domain = null, IdpClient? client = null)
    {
        var idp = await SharedIdentityProvider.GetAsync();
        client ??= await idp.RegisterClientAsync($"http://{slug}.localhost/api/auth/sso/callback/okta", $"http://{slug}.localhost/api/auth/sso/backchannel-logout/okta");
        var admin = await App.SignedInAsync(slug, slug == "acme" ? "alice@acme.test" : "carol@globex.test");
        await JsonAsync(await admin.PostJsonAsync("/api/auth/sso/register", new
        {
            providerId = "okta",
            name = "Okta",
            issuer = idp.Issuer,
            domain = domain ?? $"{slug}.test",
            oidcConfig = new { clientId = client.ClientId, clientSecret = client.ClientSecret },
        }));
        if (verified)
        {
            var tenantId = (await App.TenantAsync(slug)).Id;
            await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync(c => c.TenantId == tenantId)).DomainVerified = true);
        }

        return idp;
    }

    internal static async Task<HttpResponseMessage> SignInThroughIdpAsync(TestIdentityProvider idp, TestClient browser, string email, string? callbackUrl = null)
    {
        var start = await JsonAsync(await browser.PostJsonAsync("/api/auth/sign-in/sso", new { providerId = "okta", callbackURL = callbackUrl, loginHint = email }));
        using var person = idp.NewBrowser();
        var callback = await person.SignInAsync(start.GetProperty("url").GetString()!, email);
        Assert.Equal(browser.Host, callback.Host);
        return await browser.GetAsync(callback.PathAndQuery);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSsoSignInTests(SqliteAppFixture app) : SsoSignInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSsoSignInTests(PostgresAppFixture app) : SsoSignInTests(app);
