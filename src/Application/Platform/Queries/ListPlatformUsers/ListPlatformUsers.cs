using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.ListPlatformUsers;

/// <summary>
/// Users across every tenant (and the tenant-less superadmins), optionally of one tenant and/or matching
/// <see cref="Search"/> in e-mail or name; at most <see cref="Limit"/> (1–500), ordered by tenant then e-mail.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListPlatformUsersQuery(Guid? TenantId = null, string? Search = null, int Limit = 100) : IQuery<IReadOnlyList<PlatformUserSummary>>;

public sealed record PlatformUserSummary(
    Guid Id,
    string Email,
    string Name,
    Guid? TenantId,
    string? TenantSlug,
    string? TenantName,
    IReadOnlyList<string> Roles,
    int LiveSessions,
    DateTimeOffset? LastActiveAt);

public sealed class ListPlatformUsersHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<ListPlatformUsersQuery, IReadOnlyList<PlatformUserSummary>>
{
    public async ValueTask<IReadOnlyList<PlatformUserSummary>> Handle(ListPlatformUsersQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.DeletedAt == null);
        if (query.TenantId is { } tenantId)
        {
            users = users.Where(u => u.TenantId == tenantId);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(search) || u.DisplayName.ToUpper().Contains(search));
        }

        var rows = await (
                from u in users
                join t in db.Tenants on u.TenantId equals (Guid?)t.Id into tenants
                from t in tenants.DefaultIfEmpty()
                orderby t.Name, u.Email
                select new
                {
                    u.Id,
                    u.Email,
                    u.DisplayName,
                    u.TenantId,
                    TenantSlug = t == null ? null : t.Slug,
                    TenantName = t == null ? null : t.Name,
                    Roles = (from ur in db.UserRoles where ur.UserId == u.Id join r in db.Roles on ur.RoleId equals r.Id select r.Name!).ToList(),
                    LiveSessions = db.Sessions.Count(s => s.UserId == u.Id && s.RevokedAt == null && s.ExpiresAt > now),
                    LastActiveAt = db.Sessions.Where(s => s.UserId == u.Id).Max(s => (DateTimeOffset?)s.LastSeenAt),
                })
            .Take(Math.Clamp(query.Limit, 1, 500))
            .ToListAsync(cancellationToken);

        return rows.Select(r => new PlatformUserSummary(
            r.Id, r.Email ?? "", r.DisplayName, r.TenantId, r.TenantSlug, r.TenantName, r.Roles, r.LiveSessions, r.LastActiveAt)).ToList();
    }
}
