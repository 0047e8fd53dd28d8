namespace TenantSessions.Domain.Scim;

/// <summary>
/// What a workspace's directory said about one of its members over SCIM: the directory's <c>userName</c> and
/// <c>externalId</c>, the name parts, and whether the directory deactivated or deleted the member. The member itself is
/// the <c>ApplicationUser</c> (same id, which is the SCIM resource id); a member nobody provisioned has no row until the
/// directory first writes to it. A deactivation is a ban (<c>Bans.Forever</c>) that this row marks as the directory's,
/// so only a directory's reactivation lifts it, never an administrator's ban.
/// </summary>
public sealed class DirectoryUser
{
    public const int UserNameMaxLength = 256;

    private DirectoryUser()
    {
    }

    public DirectoryUser(Guid userId, Guid tenantId, DateTimeOffset now)
    {
        UserId = userId;
        TenantId = tenantId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid UserId { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The directory's <c>userName</c> as it sent it.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Upper-case invariant of <see cref="UserName"/>: SCIM compares user names without case.</summary>
    public string NormalizedUserName { get; set; } = "";

    public string? ExternalId { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the directory deactivated the member (<c>active: false</c> or DELETE); null while active.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>When the directory deleted the resource: SCIM then answers 404 for it; the member stays, deactivated.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
