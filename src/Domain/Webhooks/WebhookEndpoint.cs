namespace TenantSessions.Domain.Webhooks;

/// <summary>
/// A workspace's receiver of its audit events (a SIEM's HTTPS endpoint). The signing secret is kept encrypted (it is
/// needed to sign, so it cannot be hashed); after a rotation the previous one keeps signing beside the new one until
/// <see cref="PreviousSecretExpiresAt"/>, so a receiver can switch without losing a delivery. The delivery job holds an
/// endpoint while it delivers to it (<see cref="ClaimId"/>), so one endpoint is served by one run at a time, in order.
/// </summary>
public sealed class WebhookEndpoint
{
    private WebhookEndpoint()
    {
    }

    public WebhookEndpoint(Guid id, Guid tenantId, string url, string? description, string protectedSecret, DateTimeOffset createdAt, Guid? createdBy)
    {
        Id = id;
        TenantId = tenantId;
        Url = url;
        Description = description;
        ProtectedSecret = protectedSecret;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        SecretCreatedAt = createdAt;
    }

    public const int MaxUrlLength = 2000;

    public const int MaxDescriptionLength = 200;

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public string Url { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>The signing secret (<c>whsec_…</c>), encrypted with Data Protection.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public DateTimeOffset SecretCreatedAt { get; private set; }

    /// <summary>The secret before the last rotation, encrypted; still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? ProtectedPreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? CreatedBy { get; private set; }

    public Guid? ClaimId { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>The new secret signs from now on; the current one keeps signing beside it until <paramref name="previousUntil"/>.</summary>
    public void RotateSecret(string protectedSecret, DateTimeOffset now, DateTimeOffset previousUntil)
    {
        ProtectedPreviousSecret = previousUntil > now ? ProtectedSecret : null;
        PreviousSecretExpiresAt = previousUntil > now ? previousUntil : null;
        ProtectedSecret = protectedSecret;
        SecretCreatedAt = now;
    }

    /// <summary>The previous secret while it still signs, else null.</summary>
    public string? PreviousSecretAt(DateTimeOffset now) => PreviousSecretExpiresAt is { } until && now < until ? ProtectedPreviousSecret : null;
}
