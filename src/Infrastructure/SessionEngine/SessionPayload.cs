using TenantSessions.Domain.Tenants;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// The custom session: what every request knows about its caller without touching the database.
/// Carried (encrypted) in the cookie cache and rebuilt from the database on a cache miss.
/// </summary>
public sealed record SessionPayload(
    Guid SessionId,
    Guid UserId,
    string Email,
    string Name,
    IReadOnlyList<string> Roles,
    Guid? TenantId,
    string? TenantSlug,
    string? TenantName,
    TenantStatus? TenantStatus,
    int TenantVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset AuthenticatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    bool IsPersistent,
    string? IpAddress,
    string? UserAgent,
    Guid? ImpersonatedBy = null);
