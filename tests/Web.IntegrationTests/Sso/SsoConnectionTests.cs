using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sso;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>Issue 22 item 1: a workspace's OIDC connections through Better Auth's <c>/sso/*</c> routes and the admin page.</summary>
public abstract class SsoConnectionTests(AppFixture app) : IntegrationTest(app)
{
    private const string Secret = "the-client-secret-value-1234567890";

    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AnAdminRegistersAConnectionFromDiscoveryAndItsSecretIsEncryptedAndNeverReturned()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var registered = await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "acme.test"));
        var listed = await alice.GetAsync("/api/auth/sso/providers");
        var got = await alice.GetAsync("/api/auth/sso/get-provider?providerId=okta");

        var body = await registered.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var provider = JsonDocument.Parse(body).RootElement;
        Assert.Equal("okta", provider.GetProperty("providerId").GetString());
        Assert.Equal("oidc", provider.GetProperty("type").GetString());
        Assert.Equal(idp.Issuer + "/auth", provider.GetProperty("oidcConfig").GetProperty("authorizationEndpoint").GetString());
        Assert.Equal(idp.Issuer + "/jwks", provider.GetProperty("oidcConfig").GetProperty("jwksEndpoint").GetString());
        Assert.Equal("****7890", provider.GetProperty("oidcConfig").GetProperty("clientIdLastFour").GetString());
        Assert.Equal("http://acme.localhost/api/auth/sso/callback/okta", provider.GetProperty("redirectURI").GetString());
        Assert.False(provider.GetProperty("domainVerified").GetBoolean());
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await got.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("okta", (await JsonAsync(listed)).GetProperty("providers")[0].GetProperty("providerId").GetString());
        var stored = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.DoesNotContain(Secret, stored.ProtectedClientSecret, StringComparison.Ordinal);
        Assert.Equal(Secret, App.Services.GetRequiredService<ISsoSecrets>().Unprotect(stored.ProtectedClientSecret));
        Assert.Equal((await App.TenantAsync("acme")).Id, stored.TenantId);
    }

    [Fact]
    public async Task AnotherWorkspacesConnectionIsNotFoundExactlyLikeAMissingOneAndTheSameIdpServesBoth()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "acme.test")));
        var carol = await App.SignedInAsync("globex", "carol@globex.test");

        var foreign = await carol.GetAsync("/api/auth/sso/get-provider?providerId=okta");
        var missing = await carol.GetAsync("/api/auth/sso/get-provider?providerId=nothing");
        var update = await carol.PostJsonAsync("/api/auth/sso/update-provider", new { providerId = "okta", name = "Mine now" });
        var delete = await carol.PostJsonAsync("/api/auth/sso/delete-provider", new { providerId = "okta" });
        var list = await JsonAsync(await carol.GetAsync("/api/auth/sso/providers"));
        var own = await carol.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "globex.test"));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await Problem(missing), await Problem(foreign));
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Empty(list.GetProperty("providers").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var names = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().Select(c => c.DisplayName).ToListAsync());
        Assert.Equal(["Okta", "Okta"], names);
    }

    [Fact]
    public async Task OnlyATenantAdminWithAFreshSessionRegistersChangesOrDeletesAConnection()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "acme.test")));
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var byMember = await bob.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "other", "acme.test"));
        var listByMember = await bob.GetAsync("/api/auth/sso/providers");
        var anonymous = await App.Client("acme").GetAsync("/api/auth/sso/providers");
        App.Clock.Advance(PastFreshAge);
        var before = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());

        var stale = await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "other", "acme.test"));
        var staleUpdate = await alice.PostJsonAsync("/api/auth/sso/update-provider", new { providerId = "okta", name = "Changed" });
        var staleDelete = await alice.PostJsonAsync("/api/auth/sso/delete-provider", new { providerId = "okta" });

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listByMember.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var refused in new[] { stale, staleUpdate, staleDelete })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("SESSION_NOT_FRESH", await CodeOf(refused));
        }

        var after = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.Equal(before.DisplayName, after.DisplayName);
    }

    [Fact]
    public async Task APlainHttpIssuerIsRefusedUnlessOnLoopbackAndAnUnreachableOneSaysSo()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var http = await alice.PostJsonAsync("/api/auth/sso/register", Body("http://idp.example.com", "okta", "acme.test"));
        var unreachable = await alice.PostJsonAsync("/api/auth/sso/register", Body("http://127.0.0.1:9", "okta", "acme.test"));
        var empty = await alice.PostJsonAsync("/api/auth/sso/register", new { });
        var badDomain = await alice.PostJsonAsync("/api/auth/sso/register", Body("https://idp.example.com", "Not An Id!", "not a domain"));

        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Contains("https", await FieldError(http, "issuer"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.StatusCode);
        Assert.Equal("SSO_DISCOVERY_FAILED", await CodeOf(unreachable));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull(await FieldError(empty, "oidcConfig"));
        Assert.NotNull(await FieldError(badDomain, "providerId"));
        Assert.NotNull(await FieldError(badDomain, "domain"));
        Assert.Equal(0, await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task AnUpdateKeepsTheSecretUnlessANewOneIsGivenAndAChangedDomainIsNoLongerVerified()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "acme.test")));
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
        var secrets = App.Services.GetRequiredService<ISsoSecrets>();

        var renamed = await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/update-provider", new { providerId = "okta", name = "Acme Okta" }));
        var keptSecret = secrets.Unprotect((await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync())).ProtectedClientSecret);
        var moved = await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/update-provider", new { providerId = "okta", domain = "acme.example", oidcConfig = new { clientSecret = "a-new-secret" } }));
        var stored = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().AsNoTracking().SingleAsync());

        Assert.Equal("Acme Okta", renamed.GetProperty("name").GetString());
        Assert.True(renamed.GetProperty("domainVerified").GetBoolean());
        Assert.Equal(Secret, keptSecret);
        Assert.Equal("acme.example", moved.GetProperty("domain").GetString());
        Assert.False(moved.GetProperty("domainVerified").GetBoolean());
        Assert.Equal("a-new-secret", secrets.Unprotect(stored.ProtectedClientSecret));
    }

    [Fact]
    public async Task ADeletedConnectionIsGone()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", Body(idp.Issuer, "okta", "acme.test")));

        var deleted = await alice.PostJsonAsync("/api/auth/sso/delete-provider", new { providerId = "okta" });
        var got = await alice.GetAsync("/api/auth/sso/get-provider?providerId=okta");
        var noId = await alice.GetAsync("/api/auth/sso/get-provider");

        Assert.True((await JsonAsync(deleted)).GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task TheAdminPageAddsAConnectionShowsFieldErrorsKeepingTheInputAndDeletesOnlyAfterAConfirmation()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/sso");

        var bad = await alice.SubmitAsync(page, "[data-testid=add-connection]", PageTestExtensions.Form(
            ("ProviderId", "okta"), ("Name", "Okta"), ("Issuer", "http://idp.example.com"), ("Domain", "acme.test"), ("ClientId", "client-1234"), ("ClientSecret", Secret)));
        var badPage = await Html.ParseAsync(bad);
        var added = await alice.SubmitAndFollowAsync(page, "[data-testid=add-connection]", PageTestExtensions.Form(
            ("ProviderId", "okta"), ("Name", "Okta"), ("Issuer", idp.Issuer), ("Domain", "acme.test"), ("ClientId", "client-1234"), ("ClientSecret", Secret)));
        var asked = await alice.SubmitAsync(added, "[data-connection=okta] form[data-testid=delete-connection]");
        var askedPage = await Html.ParseAsync(asked);
        var stillThere = await App.QueryAsync(db => db.SsoConnections.IgnoreQueryFilters().CountAsync());
        var deleted = await alice.SubmitAndFollowAsync(askedPage, "[data-testid=confirm] form");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("https", badPage.Text("[data-valmsg-for=Issuer]"), StringComparison.Ordinal);
        Assert.Equal("okta", ((AngleSharp.Html.Dom.IHtmlInputElement)badPage.QuerySelector("input[name=ProviderId]")!).Value);
        Assert.Contains("okta", added.Text("[data-testid=connections]"));
        Assert.Contains("http://acme.localhost/api/auth/sso/callback/okta", added.Text("[data-testid=connections]"));
        Assert.DoesNotContain(Secret, added.Source.Text, StringComparison.Ordinal);
        Assert.Equal(1, stillThere);
        Assert.Contains("Okta", askedPage.Text("[data-testid=confirm]"));
        Assert.Equal("No connections yet.", deleted.Text("[data-testid=no-connections]"));
    }

    internal static object Body(string issuer, string providerId, string domain) => new
    {
        providerId,
        issuer,
        domain,
        name = "Okta",
        oidcConfig = new { clientId = "client-7890", clientSecret = Secret, scopes = new[] { "openid", "email", "profile" } },
    };

    private static async Task<string> Problem(HttpResponseMessage response)
    {
        var json = await JsonAsync(response, response.StatusCode);
        return $"{json.GetProperty("code").GetString()}|{json.GetProperty("detail").GetString()}";
    }

    private static async Task<string?> FieldError(HttpResponseMessage response, string field)
    {
        var json = await JsonAsync(response, response.StatusCode);
        return json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages) ? messages[0].GetString() : null;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSsoConnectionTests(SqliteAppFixture app) : SsoConnectionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSsoConnectionTests(PostgresAppFixture app) : SsoConnectionTests(app);
