using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.ListTenants;

/// <summary>
/// One page of the tenants, with their status (and suspension: why, when, by whom), member count and live session
/// count; with <see cref="Search"/>, only those whose name or address label contains it (any case); with
/// <see cref="Id"/>, only that one. Ordered by <see cref="Sort"/>, then by name and address label, in the database, so a
/// platform of ten thousand workspaces reads one page and counts members and sessions for that page only.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListTenantsQuery(
    string? Search = null, TenantSort Sort = TenantSort.Name, bool Descending = false, int Offset = 0, int Limit = ListTenantsQuery.DefaultLimit, Guid? Id = null)
    : IQuery<TenantPage>
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 200;
}

/// <summary>The tenants on one page, how many match in all, and where the page starts.</summary>
public sealed record TenantPage(IReadOnlyList<TenantSummary> Tenants, int Total, int Offset, int Limit)
{
    public bool HasPrevious => Offset > 0;

    public bool HasNext => Offset + Tenants.Count < Total;
}

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

public sealed class ListTenantsHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListTenantsQuery, TenantPage>
{
    public async ValueTask<TenantPage> Handle(ListTenantsQuery query, CancellationToken cancellationToken)
    {
        if (query.Offset < 0)
        {
            throw new ValidationException("offset", "The offset is a whole number of 0 or more.");
        }

        if (query.Limit is < 1 or > ListTenantsQuery.MaxLimit)
        {
            throw new ValidationException("limit", $"Ask for 1 to {ListTenantsQuery.MaxLimit} workspaces at a time.");
        }

        var now = clock.GetUtcNow();
        var tenants = db.Tenants.AsNoTracking().IgnoreQueryFilters();
        if (query.Id is { } id)
        {
            tenants = tenants.Where(t => t.Id == id);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToUpperInvariant();
            tenants = tenants.Where(t => t.Name.ToUpper().Contains(search) || t.Slug.ToUpper().Contains(search));
        }

        var total = await tenants.CountAsync(cancellationToken);
        var page = await Order(tenants, query.Sort, query.Descending, now)
            .ThenBy(t => t.Name.ToUpper())
            .ThenBy(t => t.Slug)
            .Skip(query.Offset)
            .Take(query.Limit)
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
        return new TenantPage(page, total, query.Offset, query.Limit);
    }

    private IOrderedQueryable<Tenant> Order(IQueryable<Tenant> tenants, TenantSort sort, bool descending, DateTimeOffset now) => sort switch
    {
        TenantSort.Created => By(tenants, t => t.CreatedAt, descending),
        TenantSort.Members => By(tenants, t => db.Users.IgnoreQueryFilters().Count(u => u.TenantId == t.Id), descending),
        TenantSort.Sessions => By(tenants, t => db.Sessions.IgnoreQueryFilters().Count(s => s.TenantId == t.Id && s.RevokedAt == null && s.ExpiresAt > now), descending),
        TenantSort.Status => By(tenants, t => t.Status == TenantStatus.Active ? 0 : 1, descending),
        _ => By(tenants, t => t.Name.ToUpper(), descending),
    };

    private static IOrderedQueryable<Tenant> By<TKey>(IQueryable<Tenant> tenants, System.Linq.Expressions.Expression<Func<Tenant, TKey>> key, bool descending) =>
        descending ? tenants.OrderByDescending(key) : tenants.OrderBy(key);
}

/// <summary>Every workspace's id and name, by name: the choices of a "which workspace" picker.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListTenantChoicesQuery : IQuery<IReadOnlyList<TenantChoice>>;

public sealed record TenantChoice(Guid Id, string Slug, string Name);

public sealed class ListTenantChoicesHandler(IApplicationDbContext db) : IQueryHandler<ListTenantChoicesQuery, IReadOnlyList<TenantChoice>>
{
    public async ValueTask<IReadOnlyList<TenantChoice>> Handle(ListTenantChoicesQuery query, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().IgnoreQueryFilters()
            .OrderBy(t => t.Name.ToUpper()).ThenBy(t => t.Slug)
            .Select(t => new TenantChoice(t.Id, t.Slug, t.Name))
            .ToListAsync(cancellationToken);
}
