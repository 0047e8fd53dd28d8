using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Common.Models;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine.Tenancy;

/// <summary>
/// Tenants read through an in-memory cache. A change to a tenant writes a <c>TenantChanged</c> feed entry, and
/// every node's feed invalidates its copy here. A load that overlaps an invalidation is returned but not cached,
/// so a row read just before another node's change cannot outlive the entry that announced the change.
/// <para>
/// A slug no tenant has is remembered as unknown for <see cref="UnknownFor"/> (at most <see cref="MaxUnknown"/> slugs;
/// past that, unknown slugs are simply not remembered), so a flood of requests for made-up workspaces costs one query
/// per slug and half-minute, not one per request. Any tenant change (a workspace created writes one) forgets them all.
/// </para>
/// </summary>
internal sealed class TenantStore(IServiceScopeFactory scopes, TimeProvider clock) : ITenantStore
{
    internal static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(30);

    internal const int MaxUnknown = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknownUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, TenantInfo> _byId = new();
    private readonly ConcurrentDictionary<string, Guid> _idBySlug = new(StringComparer.Ordinal);
    private long _invalidations;

    public async ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        if (_idBySlug.TryGetValue(slug, out var id) && _byId.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (_unknownUntil.TryGetValue(slug, out var until))
        {
            if (clock.GetUtcNow() < until)
            {
                return null;
            }

            _unknownUntil.TryRemove(slug, out _);
        }

        var invalidationsBefore = Interlocked.Read(ref _invalidations);
        var found = await LoadAsync(t => t.Slug == slug, cancellationToken);
        if (found is null && _unknownUntil.Count < MaxUnknown && Interlocked.Read(ref _invalidations) == invalidationsBefore)
        {
            _unknownUntil[slug] = clock.GetUtcNow() + UnknownFor;
        }

        return found;
    }

    public async ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        _byId.TryGetValue(id, out var cached) ? cached : await LoadAsync(t => t.Id == id, cancellationToken);

    public void Invalidate(Guid tenantId)
    {
        Interlocked.Increment(ref _invalidations);
        _unknownUntil.Clear();
        if (_byId.TryRemove(tenantId, out var removed))
        {
            _idBySlug.TryRemove(removed.Slug, out _);
        }
    }

    /// <summary>Forgets every cached tenant (the whole tenants table was replaced, e.g. a restore).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _invalidations);
        _unknownUntil.Clear();
        _byId.Clear();
        _idBySlug.Clear();
    }

    private async Task<TenantInfo?> LoadAsync(System.Linq.Expressions.Expression<Func<Domain.Tenants.Tenant, bool>> predicate, CancellationToken cancellationToken)
    {
        var invalidationsBefore = Interlocked.Read(ref _invalidations);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(predicate, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var info = TenantInfo.From(tenant);
        if (Interlocked.Read(ref _invalidations) != invalidationsBefore)
        {
            return info;
        }

        _byId[info.Id] = info;
        _idBySlug[info.Slug] = info.Id;
        return info;
    }
}
