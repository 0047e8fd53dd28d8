using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Health;

/// <summary>An app with <c>Management:PublicDiagnostics</c> on (the Development default).</summary>
public sealed class PublicDiagnosticsAppFixture : SqliteAppFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Management:PublicDiagnostics", "true");
    }
}

[CollectionDefinition(Name)]
public sealed class PublicDiagnosticsCollection : ICollectionFixture<PublicDiagnosticsAppFixture>
{
    public const string Name = "Public diagnostics app";
}

/// <summary>
/// Issue 20, finding 3: the OpenAPI document and the checks behind <c>/health/ready</c> are anyone's only when
/// <c>Management:PublicDiagnostics</c> is on; Production leaves it off.
/// </summary>
[Collection(PublicDiagnosticsCollection.Name)]
public sealed class PublicDiagnosticsTests(PublicDiagnosticsAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task WithPublicDiagnosticsAnyProbeReadsTheChecks()
    {
        var response = await new TestClient(App, "10.0.0.5").GetAsync("/health/ready");

        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("revocation-feed").GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithPublicDiagnosticsTheOpenApiDocumentListsPlatformRoutesOnlyOnThePlatformHost()
    {
        var onTenant = await App.Client("acme").GetAsync("/openapi/v1.json");
        var onPlatform = await App.PlatformClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, onTenant.StatusCode);
        var tenantDocument = await onTenant.Content.ReadAsStringAsync();
        Assert.Contains("/api/auth/sign-in/email", tenantDocument, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/platform", tenantDocument, StringComparison.Ordinal);
        Assert.Contains("/api/platform/tenants", await onPlatform.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProductionDiagnosticsAreNotPublicByDefault()
    {
        await EmptyProductionApp.RunAsync(async factory =>
        {
            var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

            var openApi = await client.GetAsync("/openapi/v1.json");
            var ready = JsonDocument.Parse(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync()).RootElement;

            Assert.NotEqual(HttpStatusCode.OK, openApi.StatusCode);
            Assert.DoesNotContain("/api/auth", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(["status"], ready.EnumerateObject().Select(p => p.Name));
        });
    }
}
