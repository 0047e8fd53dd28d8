namespace TenantSessions.Application.Common.Interfaces;

/// <summary>
/// An approximate place for a client IP address, for people to recognise their sessions: a country, or "Local
/// network" for private and loopback addresses; <c>null</c> when unknown (no database, unparsable or unlisted address).
/// </summary>
public interface IGeoLocator
{
    GeoLocation? Locate(string? ipAddress);
}

/// <param name="CountryCode">ISO 3166-1 alpha-2 (<c>US</c>), or null for the local network.</param>
/// <param name="Name">What to show: "United States", "Local network".</param>
public sealed record GeoLocation(string? CountryCode, string Name)
{
    public static readonly GeoLocation LocalNetwork = new(null, "Local network");
}
