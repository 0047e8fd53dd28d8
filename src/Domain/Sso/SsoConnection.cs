namespace TenantSessions.Domain.Sso;

/// <summary>
/// A workspace's OpenID Connect identity provider (Better Auth's "SSO provider"). Its <see cref="ProviderId"/> is
/// unique within the workspace only: several workspaces may use the same IdP, each with its own client. The client
/// secret is kept encrypted with Data Protection (<see cref="ProtectedClientSecret"/>) and never leaves the server.
/// The endpoints come from the issuer's discovery document when the connection is saved.
/// </summary>
public sealed class SsoConnection
{
    public const int ProviderIdMaxLength = 64;

    private SsoConnection()
    {
    }

    public SsoConnection(Guid id, Guid tenantId, string providerId, DateTimeOffset createdAt, Guid? createdBy)
    {
        Id = id;
        TenantId = tenantId;
        ProviderId = providerId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public string ProviderId { get; private set; } = "";

    /// <summary>What the sign-in button says: "Continue with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";

    public string Issuer { get; set; } = "";

    /// <summary>The e-mail domains this IdP serves, comma-separated, lower case.</summary>
    public string Domain { get; set; } = "";

    public bool DomainVerified { get; set; }

    /// <summary>
    /// The random value of the pending domain check (Better Auth's <c>domainVerificationToken</c>): published in DNS by
    /// the workspace, so not a secret; null when none is pending.
    /// </summary>
    public string? DomainVerificationToken { get; private set; }

    public DateTimeOffset? DomainVerificationExpiresAt { get; private set; }

    /// <summary>When the domains were verified, and how (<see cref="SsoDomainVerification.ByDns"/> or <see cref="SsoDomainVerification.ByPlatform"/>).</summary>
    public DateTimeOffset? DomainVerifiedAt { get; private set; }

    public string? DomainVerifiedBy { get; private set; }

    public string ClientId { get; set; } = "";

    public string ProtectedClientSecret { get; set; } = "";

    /// <summary>Space-separated; always includes <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid email profile";

    public bool Pkce { get; set; } = true;

    public string DiscoveryEndpoint { get; set; } = "";

    public string AuthorizationEndpoint { get; set; } = "";

    public string TokenEndpoint { get; set; } = "";

    public string? UserInfoEndpoint { get; set; }

    public string JwksEndpoint { get; set; } = "";

    public string? EndSessionEndpoint { get; set; }

    public string EmailClaim { get; set; } = "email";

    public string EmailVerifiedClaim { get; set; } = "email_verified";

    public string NameClaim { get; set; } = "name";

    /// <summary>The role of a member created at their first sign-in through this connection.</summary>
    public string DefaultRole { get; set; } = "Member";

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The pending check's token, a new one when there is none or it expired.</summary>
    public string RequestDomainVerification(Func<string> newToken, DateTimeOffset now, TimeSpan lifetime)
    {
        if (DomainVerificationToken is null || DomainVerificationExpiresAt <= now)
        {
            DomainVerificationToken = newToken();
            DomainVerificationExpiresAt = now + lifetime;
        }

        return DomainVerificationToken;
    }

    public bool HasPendingDomainVerification(DateTimeOffset now) => DomainVerificationToken is not null && DomainVerificationExpiresAt > now;

    public void MarkDomainVerified(DateTimeOffset now, string by)
    {
        DomainVerified = true;
        DomainVerifiedAt = now;
        DomainVerifiedBy = by;
        DomainVerificationToken = null;
        DomainVerificationExpiresAt = null;
    }

    /// <summary>New domains: whatever was verified or pending was for the old ones.</summary>
    public void ChangeDomains(string domains)
    {
        Domain = domains;
        DomainVerified = false;
        DomainVerifiedAt = null;
        DomainVerifiedBy = null;
        DomainVerificationToken = null;
        DomainVerificationExpiresAt = null;
    }

    /// <summary>The domains as a list (trimmed, lower case, no empties).</summary>
    public IReadOnlyList<string> Domains =>
        Domain.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.ToLowerInvariant()).ToList();

    public bool Serves(string emailDomain) => Domains.Contains(emailDomain.Trim().ToLowerInvariant());
}
