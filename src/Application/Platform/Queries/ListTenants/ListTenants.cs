using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.ListTenants;

/// <summary>Every tenant with its status (and suspension reason), member count and live session count.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListTenantsQuery : IQuery<IReadOnlyList<TenantSummary>>;

public sealed record TenantSummary(
    Guid Id,
    string Slug,
    string Name,
    TenantStatus Status,
    string? SuspensionReason,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset CreatedAt,
    int Members,
    int LiveSessions);

public sealed class ListTenantsHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListTenantsQuery, IReadOnlyList<TenantSummary>>
{
    public async ValueTask<IReadOnlyList<TenantSummary>> Handle(ListTenantsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Tenants.AsNoTracking()
            .IgnoreQueryFilters()
            .OrderBy(t => t.Name)
            .Select(t => new TenantSummary(
                t.Id,
                t.Slug,
                t.Name,
                t.Status,
                t.SuspensionReason,
                t.SuspendedAt,
                t.CreatedAt,
                db.Users.IgnoreQueryFilters().Count(u => u.TenantId == t.Id),
                db.Sessions.IgnoreQueryFilters().Count(s => s.TenantId == t.Id && s.RevokedAt == null && s.ExpiresAt > now)))
            .ToListAsync(cancellationToken);
    }
}
