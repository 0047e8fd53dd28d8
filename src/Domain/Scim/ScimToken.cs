namespace TenantSessions.Domain.Scim;

/// <summary>
/// A workspace's SCIM bearer token: what its directory (Okta, Entra ID) presents on <c>/scim/v2</c>. The secret is a
/// split token, <c>scim_{id}.{verifier}</c>, shown once; only the SHA-256 of the verifier is kept (as for sessions,
/// ADR-007). Rotating gives the same entry a new verifier (the old one stops at once); revoking ends it for good.
/// </summary>
public sealed class ScimToken
{
    public const int NameMaxLength = 100;

    private ScimToken()
    {
    }

    public ScimToken(Guid id, Guid tenantId, string name, byte[] verifierHash, DateTimeOffset createdAt, Guid? createdBy)
    {
        Id = id;
        TenantId = tenantId;
        Name = name;
        VerifierHash = verifierHash;
        CreatedAt = createdAt;
        SecretCreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>What the admin calls it ("Okta", "Entra ID").</summary>
    public string Name { get; private set; } = "";

    /// <summary>SHA-256 of the verifier half of the secret.</summary>
    public byte[] VerifierHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? CreatedBy { get; private set; }

    /// <summary>When the current secret was made (creation or the last rotation).</summary>
    public DateTimeOffset SecretCreatedAt { get; private set; }

    /// <summary>The last request that presented it, to within <c>ScimTokens.LastUsedResolution</c>.</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public Guid? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public void Rotate(byte[] verifierHash, DateTimeOffset now)
    {
        VerifierHash = verifierHash;
        SecretCreatedAt = now;
    }

    public void Revoke(DateTimeOffset now, Guid? by)
    {
        RevokedAt ??= now;
        RevokedBy ??= by;
    }
}
