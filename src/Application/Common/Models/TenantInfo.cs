using TenantSessions.Domain.Tenants;

namespace TenantSessions.Application.Common.Models;

/// <summary>The cached, immutable view of a tenant that every request reads.</summary>
public sealed record TenantInfo(
    Guid Id,
    string Slug,
    string Name,
    TenantStatus Status,
    string? SuspensionReason,
    int Version,
    TenantSessionPolicy Policy,
    DateTimeOffset? SuspendedAt = null)
{
    public bool IsActive => Status == TenantStatus.Active;

    public static TenantInfo From(Tenant tenant) =>
        new(tenant.Id, tenant.Slug, tenant.Name, tenant.Status, tenant.SuspensionReason, tenant.Version, tenant.Policy, tenant.SuspendedAt);
}
