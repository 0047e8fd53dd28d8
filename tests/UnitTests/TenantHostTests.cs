using TenantSessions.Web.Tenancy;

namespace TenantSessions.UnitTests;

public sealed class TenantHostTests
{
    [Theory]
    [InlineData("acme.localhost", TenantHostKind.Tenant, "acme")]
    [InlineData("ACME.LocalHost", TenantHostKind.Tenant, "acme")]
    [InlineData("acme.localhost.", TenantHostKind.Tenant, "acme")]
    [InlineData("localhost", TenantHostKind.Platform, null)]
    [InlineData("evil.com", TenantHostKind.Foreign, null)]
    [InlineData("acme.localhost.evil.com", TenantHostKind.Foreign, null)]
    [InlineData("a.b.localhost", TenantHostKind.Foreign, null)]
    [InlineData("-acme.localhost", TenantHostKind.Foreign, null)]
    [InlineData("xlocalhost", TenantHostKind.Foreign, null)]
    [InlineData(".localhost", TenantHostKind.Foreign, null)]
    [InlineData("127.0.0.1", TenantHostKind.Foreign, null)]
    [InlineData("xn--bcher-kva.localhost", TenantHostKind.Foreign, null)]
    [InlineData("ab--c.localhost", TenantHostKind.Foreign, null)]
    [InlineData("a--b.localhost", TenantHostKind.Tenant, "a--b")]
    public void TheHostDecidesTheTenant(string host, TenantHostKind kind, string? slug)
    {
        var parsed = TenantHost.Parse(host, "localhost");

        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(slug, parsed.Slug);
    }
}
