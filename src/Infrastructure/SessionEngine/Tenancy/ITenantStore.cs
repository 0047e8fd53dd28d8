using TenantSessions.Application.Common.Models;

namespace TenantSessions.Infrastructure.SessionEngine.Tenancy;

/// <summary>Tenants by slug or id, read through an in-memory cache that is invalidated when a tenant changes.</summary>
public interface ITenantStore
{
    ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    void Invalidate(Guid tenantId);
}
