using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.Geo;

namespace TenantSessions.UnitTests;

/// <summary>The bundled country database (data/geo, ADR-010) read through MaxMind's reader.</summary>
public sealed class GeoLocatorTests : IDisposable
{
    private readonly MmdbGeoLocator _bundled = new(Options.Create(new GeoOptions()), NullLogger<MmdbGeoLocator>.Instance);

    [Theory]
    [InlineData("8.8.8.8", "US", "United States")]
    [InlineData("2001:4860:4860::8888", "US", "United States")]
    [InlineData("193.99.144.80", "DE", "Germany")]
    [InlineData("::ffff:8.8.8.8", "US", "United States")]
    public void APublicAddressResolvesToItsCountry(string ip, string code, string name)
    {
        Assert.Equal(new GeoLocation(code, name), _bundled.Locate(ip));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.10.1")]
    [InlineData("100.64.0.1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:192.168.0.1")]
    public void PrivateAndLoopbackAddressesAreTheLocalNetwork(string ip)
    {
        Assert.Equal(GeoLocation.LocalNetwork, _bundled.Locate(ip));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("240.0.0.1")]
    public void AnUnknownOrMalformedAddressHasNoLocation(string? ip)
    {
        Assert.Null(_bundled.Locate(ip));
    }

    [Fact]
    public void WithoutADatabaseOnlyTheLocalNetworkIsKnown()
    {
        using var missing = new MmdbGeoLocator(Options.Create(new GeoOptions { DatabasePath = "/nonexistent/countries.mmdb" }), NullLogger<MmdbGeoLocator>.Instance);

        Assert.Null(missing.Locate("8.8.8.8"));
        Assert.Equal(GeoLocation.LocalNetwork, missing.Locate("10.0.0.1"));
    }

    public void Dispose() => _bundled.Dispose();
}
