using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MaxMind.Db;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Infrastructure.Geo;

/// <summary><c>Geo:*</c>: where the MaxMind-format country database is (ADR-010).</summary>
public sealed class GeoOptions
{
    public const string SectionName = "Geo";

    public const string BundledFile = "geo-whois-asn-country.mmdb";

    /// <summary>A MaxMind-format (<c>.mmdb</c>) database with a <c>country_code</c> or GeoIP2 <c>country.iso_code</c> field; empty = the bundled one.</summary>
    public string? DatabasePath { get; set; }

    public string ResolvedPath => string.IsNullOrWhiteSpace(DatabasePath) ? Path.Combine(AppContext.BaseDirectory, "Geo", BundledFile) : DatabasePath;
}

/// <summary>
/// Reads a MaxMind-format database with MaxMind's reader (memory-mapped, opened once, thread-safe). Lookups are a few
/// microseconds and cached per address. A missing or unreadable file is logged once and every lookup is then unknown:
/// location is a convenience, never a reason to fail a request.
/// </summary>
public sealed class MmdbGeoLocator : IGeoLocator, IDisposable
{
    private const int MaxCached = 10_000;

    private readonly Lazy<Reader?> _reader;
    private readonly ConcurrentDictionary<string, GeoLocation?> _cache = new(StringComparer.Ordinal);

    public MmdbGeoLocator(IOptions<GeoOptions> options, ILogger<MmdbGeoLocator> logger)
    {
        var path = options.Value.ResolvedPath;
        _reader = new Lazy<Reader?>(() =>
        {
            try
            {
                return new Reader(path, FileAccessMode.MemoryMapped);
            }
            catch (Exception e) when (e is IOException or InvalidDatabaseException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "No country database at {Path}: sessions show no location", path);
                return null;
            }
        });
    }

    public GeoLocation? Locate(string? ipAddress)
    {
        if (string.IsNullOrWhiteSpace(ipAddress) || !IPAddress.TryParse(ipAddress, out var address))
        {
            return null;
        }

        if (_cache.TryGetValue(ipAddress, out var known))
        {
            return known;
        }

        var found = Lookup(address);
        if (_cache.Count < MaxCached)
        {
            _cache.TryAdd(ipAddress, found);
        }

        return found;
    }

    private GeoLocation? Lookup(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IsLocal(address))
        {
            return GeoLocation.LocalNetwork;
        }

        if (_reader.Value is not { } reader)
        {
            return null;
        }

        try
        {
            var code = reader.Find<MmdbCountryRecord>(address)?.Code;
            return string.IsNullOrEmpty(code) ? null : new GeoLocation(code.ToUpperInvariant(), CountryNames.For(code));
        }
        catch (InvalidDatabaseException)
        {
            return null;
        }
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local and shared (CGNAT) addresses.</summary>
    public static bool IsLocal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] == 0;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6None);
    }

    public void Dispose()
    {
        if (_reader.IsValueCreated)
        {
            _reader.Value?.Dispose();
        }
    }
}

/// <summary>The country of a record: ip-location-db's flat <c>country_code</c>, or GeoIP2's <c>country.iso_code</c>.</summary>
internal sealed class MmdbCountryRecord
{
    [Constructor]
    public MmdbCountryRecord(
        [MapKey("country_code")] string? countryCode = null,
        [MapKey("country")] Dictionary<string, object>? country = null)
    {
        Code = countryCode ?? (country?.TryGetValue("iso_code", out var iso) == true ? iso as string : null);
    }

    public string? Code { get; }
}
