using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Queries.ListUserSessions;

/// <summary>Any user's live sessions, whatever their tenant, with who they are.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListUserSessionsQuery(Guid UserId) : IQuery<UserSessions>;

public sealed record UserSessions(
    Guid UserId,
    string Email,
    string Name,
    Guid? TenantId,
    string? TenantSlug,
    string? TenantName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<SessionSummary> Sessions);

public sealed class ListUserSessionsHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<ListUserSessionsQuery, UserSessions>
{
    public async ValueTask<UserSessions> Handle(ListUserSessionsQuery query, CancellationToken cancellationToken)
    {
        var user = await (
                from u in db.Users.IgnoreQueryFilters().AsNoTracking()
                where u.Id == query.UserId
                join t in db.Tenants on u.TenantId equals (Guid?)t.Id into tenants
                from t in tenants.DefaultIfEmpty()
                select new
                {
                    u.Id,
                    u.Email,
                    u.DisplayName,
                    u.TenantId,
                    TenantSlug = t == null ? null : t.Slug,
                    TenantName = t == null ? null : t.Name,
                    Roles = (from ur in db.UserRoles where ur.UserId == u.Id join r in db.Roles on ur.RoleId equals r.Id select r.Name!).ToList(),
                })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such user.");

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.UserId == user.Id && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(SessionSummary.Projection(current.SessionId))
            .ToListAsync(cancellationToken);
        return new UserSessions(user.Id, user.Email ?? "", user.DisplayName, user.TenantId, user.TenantSlug, user.TenantName, user.Roles, SessionSummary.InDisplayOrder(sessions));
    }
}
