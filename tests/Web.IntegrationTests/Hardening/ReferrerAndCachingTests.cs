using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Finding 1 of issue 20: a page opened from an e-mailed link (its address carries the token) answers with
/// <c>Referrer-Policy: no-referrer</c>, not the default the security headers would write over it, so the browser sends
/// no <c>Referer</c> for the page's own CSS and scripts; and every page and API answer that says nothing about caching
/// is <c>no-store</c>, while static files keep their caching.
/// </summary>
public abstract class ReferrerAndCachingTests(AppFixture app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("acme", "/reset-password?token=abc")]
    [InlineData("acme", "/verify-email?token=abc")]
    [InlineData("acme", "/accept-invitation?token=abc")]
    [InlineData("acme", "/api/auth/reset-password/abc?callbackURL=/reset-password")]
    [InlineData("", "/start/confirm?token=abc")]
    public async Task AnEmailedLinkPageSendsNoReferrerAndIsNotStored(string slug, string path)
    {
        var client = slug == "" ? App.PlatformClient() : App.Client(slug);

        var response = await client.GetAsync(path);

        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("no-store", Header(response, "Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheResetPasswordFormPostedBackSendsNoReferrer()
    {
        var client = App.Client("acme");
        var page = await client.PageAsync("/reset-password?token=abc");

        var response = await client.SubmitAsync(page, "form", Form(("NewPassword", "a-new-passw0rd!"), ("ConfirmPassword", "another")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("no-store", Header(response, "Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPageKeepsTheDefaultReferrerPolicy()
    {
        var response = await App.Client("acme").GetAsync("/forgot-password");

        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task APageAndAnApiAnswerAreNoStoreAndAStaticFileIsNot()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await App.PlatformClient().GetAsync("/");
        var api = await alice.GetAsync("/api/auth/admin/join-policy");
        var css = await App.Client("acme").GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", Header(page, "Cache-Control"));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("no-store", Header(api, "Cache-Control"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.DoesNotContain("no-store", Header(css, "Cache-Control"), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : "";
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReferrerAndCachingTests(SqliteAppFixture app) : ReferrerAndCachingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReferrerAndCachingTests(PostgresAppFixture app) : ReferrerAndCachingTests(app);
