using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sso;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>
/// Issue 22 item 2: a workspace proves it owns a connection's domains with a DNS TXT record, checked through a real DNS
/// server (dnsmasq on loopback, <see cref="TestDnsServer"/>); only verified domains route by e-mail and provision
/// members; a superadmin can approve a domain on the platform host.
/// </summary>
public abstract class SsoDomainTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TheDomainIsVerifiedOnlyWhenTheRealDnsServerHasTheTxtRecordWithItsValue()
    {
        var alice = await RegisterAsync("okta", "acme.test");

        var requested = await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });
        var again = await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });
        var challenge = await JsonAsync(requested, HttpStatusCode.Created);
        var token = challenge.GetProperty("domainVerificationToken").GetString()!;
        var record = challenge.GetProperty("records")[0];
        await App.Dns.ServeAsync();
        var missing = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        await App.Dns.ServeAsync(("_better-auth-token-okta.acme.test", "_better-auth-token-okta=not-the-token"));
        var wrongValue = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var stillUnverified = await DomainVerifiedAsync();
        await App.Dns.ServeAsync(("_better-auth-token-okta.acme.test", $"_better-auth-token-okta={token}"));
        var verified = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var twice = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var provider = await JsonAsync(await alice.GetAsync("/api/auth/sso/get-provider?providerId=okta"));

        Assert.Equal(24, token.Length);
        Assert.Equal(token, (await JsonAsync(again, HttpStatusCode.Created)).GetProperty("domainVerificationToken").GetString());
        Assert.Equal("_better-auth-token-okta.acme.test", record.GetProperty("name").GetString());
        Assert.Equal($"_better-auth-token-okta={token}", record.GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, missing.StatusCode);
        Assert.Equal("DOMAIN_VERIFICATION_FAILED", await CodeOf(missing));
        Assert.Contains("_better-auth-token-okta.acme.test", await MessageOf(missing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, wrongValue.StatusCode);
        Assert.Equal("DOMAIN_VERIFICATION_FAILED", await CodeOf(wrongValue));
        Assert.False(stillUnverified);
        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("DOMAIN_VERIFIED", await CodeOf(twice));
        Assert.True(provider.GetProperty("domainVerified").GetBoolean());
        var stored = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.Equal(SsoDomainVerification.ByDns, stored.DomainVerifiedBy);
        Assert.Null(stored.DomainVerificationToken);
        var actions = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Action).ToListAsync());
        Assert.Single(actions, a => a == SsoReasons.DomainVerificationRequested);
        Assert.Single(actions, a => a == SsoReasons.DomainVerified);
    }

    [Fact]
    public async Task EveryDomainOfTheConnectionNeedsItsRecordAndTheBareTokenIsAcceptedAsBetterAuthDoes()
    {
        var alice = await RegisterAsync("okta", "acme.test,acme-corp.test");
        var token = (await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" }), HttpStatusCode.Created))
            .GetProperty("domainVerificationToken").GetString()!;
        await App.Dns.ServeAsync(("_better-auth-token-okta.acme.test", token));

        var oneOfTwo = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        await App.Dns.ServeAsync(("_better-auth-token-okta.acme.test", token), ("_better-auth-token-okta.acme-corp.test", $"_better-auth-token-okta={token}"));
        var both = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });

        Assert.Equal(HttpStatusCode.BadGateway, oneOfTwo.StatusCode);
        Assert.Contains("acme-corp.test", await MessageOf(oneOfTwo), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, both.StatusCode);
    }

    [Fact]
    public async Task ADnsServerThatDoesNotAnswerIsAClearErrorOnTheApiAndThePageNeverAServerError()
    {
        var alice = await RegisterAsync("okta", "acme.test");
        await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });
        App.Dns.Stop();

        var api = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var page = await alice.PageAsync("/admin/sso");
        var submitted = await alice.SubmitAsync(page, "[data-connection=okta] form[data-testid=verify-domain]");
        var shown = await Html.ParseAsync(submitted);

        Assert.Equal(HttpStatusCode.BadGateway, api.StatusCode);
        Assert.Equal("DOMAIN_DNS_UNAVAILABLE", await CodeOf(api));
        Assert.Contains("did not get an answer", await MessageOf(api), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, submitted.StatusCode);
        Assert.Contains("did not get an answer", shown.Text("[data-testid=error]"), StringComparison.Ordinal);
        Assert.False(await DomainVerifiedAsync());
    }

    [Fact]
    public async Task TheAdminPageShowsTheRecordToPublishAVerifyButtonAndTheState()
    {
        var alice = await RegisterAsync("okta", "acme.test");
        var page = await alice.PageAsync("/admin/sso");

        var withRecord = await alice.SubmitAndFollowAsync(page, "[data-connection=okta] form[data-testid=request-verification]");
        var token = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().Select(c => c.DomainVerificationToken).SingleAsync());
        await App.Dns.ServeAsync(("_better-auth-token-okta.acme.test", $"_better-auth-token-okta={token}"));
        var verified = await alice.SubmitAndFollowAsync(withRecord, "[data-connection=okta] form[data-testid=verify-domain]");

        Assert.Contains("(not verified)", page.Text("[data-connection=okta] [data-testid=domain-state]"), StringComparison.Ordinal);
        Assert.Contains("_better-auth-token-okta.acme.test", withRecord.Text("[data-testid=txt-records]"), StringComparison.Ordinal);
        Assert.Contains($"_better-auth-token-okta={token}", withRecord.Text("[data-testid=txt-records]"), StringComparison.Ordinal);
        Assert.Equal("(verified)", verified.Text("[data-connection=okta] [data-testid=domain-state]"));
        Assert.Null(verified.QuerySelector("[data-testid=verify-domain]"));
    }

    [Fact]
    public async Task AnotherWorkspacesProviderIdIsNotFoundLikeAMissingOneAndOnlyAFreshAdminVerifies()
    {
        var alice = await RegisterAsync("okta", "acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var foreignRequest = await carol.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });
        var missingRequest = await carol.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "nothing" });
        var foreignVerify = await carol.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var missingVerify = await carol.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "nothing" });
        var byMember = await bob.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });
        var noProvider = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { });
        var noPending = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        App.Clock.Advance(PastFreshAge);
        var stale = await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" });

        Assert.Equal(HttpStatusCode.NotFound, foreignRequest.StatusCode);
        Assert.Equal(await Problem(missingRequest), await Problem(foreignRequest));
        Assert.Equal(HttpStatusCode.NotFound, foreignVerify.StatusCode);
        Assert.Equal(await Problem(missingVerify), await Problem(foreignVerify));
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noProvider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noPending.StatusCode);
        Assert.Equal("NO_PENDING_VERIFICATION", await CodeOf(noPending));
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Null(await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().Select(c => c.DomainVerificationToken).SingleAsync()));
    }

    [Fact]
    public async Task OnlyADomainVerifiedThroughDnsRoutesByEmailAndProvisionsANewMemberAndAChangedDomainStops()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var client = await idp.RegisterClientAsync("http://acme.localhost/api/auth/sso/callback/okta");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", new
        {
            providerId = "okta", name = "Okta", issuer = idp.Issuer, domain = "acme.test",
            oidcConfig = new { clientId = client.ClientId, clientSecret = client.ClientSecret },
        }));
        var visitor = App.Client("acme");

        var routedBefore = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { email = "dave@acme.test" });
        var provisionedBefore = await SsoSignInTests.SignInThroughIdpAsync(idp, App.Client("acme"), "dave@acme.test");
        await VerifyThroughDnsAsync(alice, "okta", "acme.test");
        var routedAfter = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { email = "dave@acme.test" });
        var dave = App.Client("acme");
        var provisionedAfter = await SsoSignInTests.SignInThroughIdpAsync(idp, dave, "dave@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/update-provider", new { providerId = "okta", domain = "acme.example" }));
        var routedAfterChange = await visitor.PostJsonAsync("/api/auth/sign-in/sso", new { email = "erin@acme.example" });

        Assert.Equal("SSO_UNKNOWN_CONNECTION", await CodeOf(routedBefore));
        Assert.Equal("/sign-in/sso?error=SSO_DOMAIN_NOT_VERIFIED", provisionedBefore.Location());
        Assert.Equal(HttpStatusCode.OK, routedAfter.StatusCode);
        Assert.Equal("/", provisionedAfter.Location());
        Assert.Equal("dave@acme.test", (await dave.GetSessionAsync()).GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("SSO_UNKNOWN_CONNECTION", await CodeOf(routedAfterChange));
        Assert.False(await DomainVerifiedAsync());
    }

    [Fact]
    public async Task ASuperadminApprovesADomainOnThePlatformHostAfterAConfirmationAndAnotherWorkspacesConnectionIsNotFound()
    {
        await RegisterAsync("okta", "acme.test");
        var acme = await App.TenantAsync("acme");
        var globex = await App.TenantAsync("globex");
        var connectionId = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var listed = await JsonAsync(await root.GetAsync($"/api/platform/tenants/{acme.Id}/sso-connections"));
        var wrongTenant = await root.PostJsonAsync($"/api/platform/tenants/{globex.Id}/sso-connections/{connectionId}/approve-domain", new { });
        var onTenantHost = await alice.PostJsonAsync($"/api/platform/tenants/{acme.Id}/sso-connections/{connectionId}/approve-domain", new { });
        var page = await root.PageAsync($"/platform/tenants/{acme.Id}/sso");
        var asked = await Html.ParseAsync(await root.SubmitAsync(page, "[data-connection=okta] form[data-testid=approve-domain]"));
        var notYet = await DomainVerifiedAsync();
        var approved = await root.SubmitAndFollowAsync(asked, "[data-testid=confirm] form");

        Assert.False(listed[0].GetProperty("domainVerified").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, wrongTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onTenantHost.StatusCode);
        Assert.Contains("acme.test", asked.Text("[data-testid=confirm]"), StringComparison.Ordinal);
        Assert.False(notYet);
        Assert.Contains("Verified by the platform", approved.Text("[data-connection=okta] [data-testid=domain-state]"), StringComparison.Ordinal);
        var stored = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.True(stored.DomainVerified);
        Assert.Equal(SsoDomainVerification.ByPlatform, stored.DomainVerifiedBy);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.Action == SsoReasons.DomainVerified));
        Assert.Equal(acme.Id, audit.TenantId);
        Assert.Equal((await App.UserAsync("root@platform.test")).Id, audit.ActorUserId);
    }

    [Fact]
    public async Task TheSameDomainVerifiedInTwoWorkspacesNeedsEachItsOwnRecordAndThePlatformSeesBoth()
    {
        var alice = await RegisterAsync("okta", "shared.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await JsonAsync(await carol.PostJsonAsync("/api/auth/sso/register", SsoConnectionTests.Body((await SharedIdentityProvider.GetAsync()).Issuer, "okta", "shared.test")));
        var acmeToken = (await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" }), HttpStatusCode.Created)).GetProperty("domainVerificationToken").GetString()!;
        var globexToken = (await JsonAsync(await carol.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId = "okta" }), HttpStatusCode.Created)).GetProperty("domainVerificationToken").GetString()!;
        await App.Dns.ServeAsync(("_better-auth-token-okta.shared.test", $"_better-auth-token-okta={acmeToken}"));

        var acmeVerified = await alice.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var globexWithAcmesRecord = await carol.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        await App.Dns.ServeAsync(("_better-auth-token-okta.shared.test", $"_better-auth-token-okta={acmeToken}"), ("_better-auth-token-okta.shared.test", $"_better-auth-token-okta={globexToken}"));
        var globexVerified = await carol.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId = "okta" });
        var root = await App.SignedInAsync("", "root@platform.test");
        var listed = await JsonAsync(await root.GetAsync($"/api/platform/tenants/{(await App.TenantAsync("acme")).Id}/sso-connections"));

        Assert.NotEqual(acmeToken, globexToken);
        Assert.Equal(HttpStatusCode.NoContent, acmeVerified.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, globexWithAcmesRecord.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, globexVerified.StatusCode);
        Assert.Equal("Globex", listed[0].GetProperty("alsoVerifiedIn")[0].GetString());
    }

    private async Task<TestClient> RegisterAsync(string providerId, string domain)
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", SsoConnectionTests.Body(idp.Issuer, providerId, domain)));
        return alice;
    }

    internal async Task VerifyThroughDnsAsync(TestClient admin, string providerId, string domain)
    {
        var token = (await JsonAsync(await admin.PostJsonAsync("/api/auth/sso/request-domain-verification", new { providerId }), HttpStatusCode.Created))
            .GetProperty("domainVerificationToken").GetString()!;
        await App.Dns.ServeAsync(($"_better-auth-token-{providerId}.{domain}", $"_better-auth-token-{providerId}={token}"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostJsonAsync("/api/auth/sso/verify-domain", new { providerId })).StatusCode);
    }

    private Task<bool> DomainVerifiedAsync() => App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().Select(c => c.DomainVerified).SingleAsync());

    private static async Task<string> MessageOf(HttpResponseMessage response)
    {
        var json = await JsonAsync(response, response.StatusCode);
        return json.TryGetProperty("message", out var message) ? message.GetString() ?? "" : json.GetProperty("detail").GetString() ?? "";
    }

    private static async Task<string> Problem(HttpResponseMessage response)
    {
        var json = await JsonAsync(response, response.StatusCode);
        return $"{json.GetProperty("code").GetString()}|{json.GetProperty("detail").GetString()}";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSsoDomainTests(SqliteAppFixture app) : SsoDomainTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSsoDomainTests(PostgresAppFixture app) : SsoDomainTests(app);
