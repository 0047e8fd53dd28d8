using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Commands.LiftMemberLockout;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.ListMembers;

/// <summary>The people of the current tenant with how many live sessions each has and when they were last active.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListMembersQuery : IQuery<IReadOnlyList<MemberSummary>>;

/// <param name="IsLockedOut">Locked out for now after failed passwords or second-factor codes (never a ban: see <paramref name="IsBanned"/>).</param>
/// <param name="IsBanned">Banned by an administrator (a lockout without end).</param>
/// <param name="LastActiveAt">The latest <c>LastSeenAt</c> of any of the member's sessions, live or ended; null when they never signed in.</param>
public sealed record MemberSummary(
    Guid Id,
    string Email,
    string Name,
    IReadOnlyList<string> Roles,
    int LiveSessions,
    DateTimeOffset? LastActiveAt,
    bool IsLockedOut,
    DateTimeOffset CreatedAt,
    bool IsBanned = false,
    MemberLockout? Lockout = null);

public sealed class ListMembersHandler(IApplicationDbContext db, SignInThrottle throttle, TimeProvider clock) : IQueryHandler<ListMembersQuery, IReadOnlyList<MemberSummary>>
{
    public async ValueTask<IReadOnlyList<MemberSummary>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                Roles = (from ur in db.UserRoles where ur.UserId == u.Id join r in db.Roles on ur.RoleId equals r.Id select r.Name!).ToList(),
                LiveSessions = db.Sessions.Count(s => s.UserId == u.Id && s.RevokedAt == null && s.ExpiresAt > now),
                LastActiveAt = db.Sessions.Where(s => s.UserId == u.Id).Max(s => (DateTimeOffset?)s.LastSeenAt),
                u.LockoutEnd,
                u.CreatedAt,
                u.TenantId,
            })
            .ToListAsync(cancellationToken);

        return rows.Select(r =>
        {
            var lockout = MemberLockout.Of(throttle, now, r.TenantId, r.Email, r.LockoutEnd);
            return new MemberSummary(
                r.Id, r.Email ?? "", r.DisplayName, r.Roles, r.LiveSessions, r.LastActiveAt, lockout is not null, r.CreatedAt, Bans.IsBanned(r.LockoutEnd), lockout);
        }).ToList();
    }
}
