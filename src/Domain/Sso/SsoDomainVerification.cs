namespace TenantSessions.Domain.Sso;

/// <summary>
/// The DNS TXT record that proves a workspace controls a connection's e-mail domains, in Better Auth's
/// <c>@better-auth/sso</c> shape: on <c>_better-auth-token-{providerId}.{domain}</c> the value
/// <c>_better-auth-token-{providerId}={token}</c>, published on every domain of the connection.
/// </summary>
public static class SsoDomainVerification
{
    public const string ByDns = "dns";

    public const string ByPlatform = "platform";

    /// <summary>Better Auth's: a week.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static string Identifier(string providerId) => $"better-auth-token-{providerId}";

    public static string RecordName(string providerId, string domain) => $"_{Identifier(providerId)}.{domain}";

    public static string RecordValue(string providerId, string token) => $"_{Identifier(providerId)}={token}";
}
