using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.ListTenants;

/// <summary>
/// Every tenant with its status (and suspension: why, when, by whom), member count and live session count; with
/// <see cref="Search"/>, only those whose name or address label contains it (any case); ordered by <see cref="Sort"/>,
/// then by name.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListTenantsQuery(string? Search = null, TenantSort Sort = TenantSort.Name, bool Descending = false) : IQuery<IReadOnlyList<TenantSummary>>;

public enum TenantSort
{
    Name,
    Created,
    Members,
    Sessions,
    Status,
}

public sealed record TenantSummary(
    Guid Id,
    string Slug,
    string Name,
    TenantStatus Status,
    string? SuspensionReason,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset CreatedAt,
    int Members,
    int LiveSessions,
    Guid? SuspendedBy = null,
    string? SuspendedByName = null);

public sealed class ListTenantsHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListTenantsQuery, IReadOnlyList<TenantSummary>>
{
    public async ValueTask<IReadOnlyList<TenantSummary>> Handle(ListTenantsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenants = db.Tenants.AsNoTracking().IgnoreQueryFilters();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToUpperInvariant();
            tenants = tenants.Where(t => t.Name.ToUpper().Contains(search) || t.Slug.ToUpper().Contains(search));
        }

        var rows = await tenants
            .OrderBy(t => t.Name)
            .Select(t => new TenantSummary(
                t.Id,
                t.Slug,
                t.Name,
                t.Status,
                t.SuspensionReason,
                t.SuspendedAt,
                t.CreatedAt,
                db.Users.IgnoreQueryFilters().Count(u => u.TenantId == t.Id && u.DeletedAt == null),
                db.Sessions.IgnoreQueryFilters().Count(s => s.TenantId == t.Id && s.RevokedAt == null && s.ExpiresAt > now),
                t.SuspendedBy,
                db.Users.IgnoreQueryFilters().Where(u => u.Id == t.SuspendedBy).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return Order(rows, query.Sort, query.Descending).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Slug, StringComparer.Ordinal).ToList();
    }

    private static IOrderedEnumerable<TenantSummary> Order(IEnumerable<TenantSummary> tenants, TenantSort sort, bool descending) => sort switch
    {
        TenantSort.Created => By(tenants, t => t.CreatedAt, descending),
        TenantSort.Members => By(tenants, t => t.Members, descending),
        TenantSort.Sessions => By(tenants, t => t.LiveSessions, descending),
        TenantSort.Status => By(tenants, t => t.Status == TenantStatus.Active ? 0 : 1, descending),
        _ => By(tenants, t => t.Name.ToUpperInvariant(), descending),
    };

    private static IOrderedEnumerable<TenantSummary> By<TKey>(IEnumerable<TenantSummary> tenants, Func<TenantSummary, TKey> key, bool descending) =>
        descending ? tenants.OrderByDescending(key) : tenants.OrderBy(key);
}
