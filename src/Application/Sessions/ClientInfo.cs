namespace TenantSessions.Application.Sessions;

/// <summary>Where a request came from, as far as the session history needs it.</summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent)
{
    public const int MaxUserAgentLength = 512;

    public static ClientInfo Create(string? ipAddress, string? userAgent) =>
        new(ipAddress, userAgent is { Length: > MaxUserAgentLength } ? userAgent[..MaxUserAgentLength] : userAgent);
}
