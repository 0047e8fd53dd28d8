using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Findings 6–8 of issue 11 and docs/security-requirements.md case 27: security headers on pages and APIs, TRACE refused, a huge number
/// on the settings form is a field error (not a 500), and the OpenAPI document shows platform routes only on the
/// platform host.
/// </summary>
public abstract class ResponseHardeningTests(AppFixture app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("acme", "/sign-in")]
    [InlineData("acme", "/api/auth/get-session")]
    [InlineData("", "/sign-in")]
    [InlineData("nowhere", "/sign-in")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string slug, string path)
    {
        var response = await App.Client(slug).GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("style-src-attr 'unsafe-hashes' 'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain http");
    }

    [Fact]
    public async Task TheJobsDashboardAllowsInlineStylesButNeverInlineScripts()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var response = await root.GetAsync("/platform/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TRACE")]
    [InlineData("TRACK")]
    public async Task TraceIsRefused(string method)
    {
        var response = await App.Client("acme").SendAsync(new HttpRequestMessage(new HttpMethod(method), "/"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task AHugeDurationOnTheSettingsFormIsAFieldErrorAndChangesNothing()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");
        var before = await App.SnapshotAsync();

        var response = await alice.SubmitAsync(page, "[data-testid=policy]", Form(
            ("Input.ExpiresIn", "79228162514264337593543950335"), ("Input.ExpiresInUnit", "days"),
            ("Input.UpdateAge", "-79228162514264337593543950335"), ("Input.UpdateAgeUnit", "hours")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await Html.ParseAsync(response);
        Assert.NotEqual("", result.Text("[data-valmsg-for='Input.ExpiresIn']"));
        Assert.NotEqual("", result.Text("[data-valmsg-for='Input.UpdateAge']"));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    /// <summary>Issue 20, finding 3: with <c>Management:PublicDiagnostics</c> off the document is a superadmin's, on the platform host.</summary>
    [Fact]
    public async Task TheOpenApiDocumentIsOnlyForASuperadminOnThePlatformHost()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var forRoot = await root.GetAsync("/openapi/v1.json");
        var forAnonymous = await App.PlatformClient().GetAsync("/openapi/v1.json");
        var forAlice = await alice.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, forRoot.StatusCode);
        Assert.Contains("/api/platform/tenants", await forRoot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, forAnonymous.StatusCode);
        Assert.DoesNotContain("/api/auth", await forAnonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, forAlice.StatusCode);
        Assert.DoesNotContain("/api/auth", await forAlice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : "";
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteResponseHardeningTests(SqliteAppFixture app) : ResponseHardeningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresResponseHardeningTests(PostgresAppFixture app) : ResponseHardeningTests(app);
