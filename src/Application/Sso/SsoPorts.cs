namespace TenantSessions.Application.Sso;

/// <summary>Reads an issuer's OpenID Connect discovery document (Microsoft.IdentityModel's retriever in Infrastructure).</summary>
public interface IOidcDiscovery
{
    /// <summary>
    /// The issuer's endpoints. Throws <see cref="Common.Exceptions.RefusalException"/> (<see cref="SsoErrors.DiscoveryFailed"/>)
    /// with a message for the admin when the document cannot be read, names another issuer, or points anywhere not allowed
    /// by <see cref="SsoConnectionRules.IsAllowedUrl"/>.
    /// </summary>
    Task<DiscoveredIssuer> DiscoverAsync(string issuer, string? discoveryEndpoint, CancellationToken cancellationToken);
}

public sealed record DiscoveredIssuer(
    string Issuer,
    string DiscoveryEndpoint,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string? UserInfoEndpoint,
    string JwksEndpoint,
    string? EndSessionEndpoint,
    bool BackchannelLogoutSupported);

/// <summary>Encrypts connection secrets at rest (Data Protection, purpose per use).</summary>
public interface ISsoSecrets
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}

public static class SsoErrors
{
    public const string DiscoveryFailed = "SSO_DISCOVERY_FAILED";
    public const string ProviderNotFound = "SSO_PROVIDER_NOT_FOUND";
    public const string SignInRefused = "SSO_SIGN_IN_REFUSED";
    public const string NotSignedInBySso = "SSO_NOT_SIGNED_IN_BY_SSO";
}
