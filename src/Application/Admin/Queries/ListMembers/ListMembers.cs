using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Commands.LiftMemberLockout;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.ListMembers;

/// <summary>
/// The people of the current tenant with how many live sessions each has and when they were last active; with
/// <see cref="Search"/>, only those whose name or e-mail contains it (any case); ordered by <see cref="Sort"/>, then by
/// name and e-mail.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListMembersQuery(string? Search = null, MemberSort Sort = MemberSort.Name, bool Descending = false) : IQuery<IReadOnlyList<MemberSummary>>;

public enum MemberSort
{
    Name,
    Email,
    Role,
    Sessions,
    LastActive,
}

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
    MemberLockout? Lockout = null,
    bool TwoFactorEnabled = false);

public sealed class ListMembersHandler(IApplicationDbContext db, SignInThrottle throttle, TimeProvider clock) : IQueryHandler<ListMembersQuery, IReadOnlyList<MemberSummary>>
{
    public async ValueTask<IReadOnlyList<MemberSummary>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = db.Users.AsNoTracking().Where(u => u.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(search) || u.DisplayName.ToUpper().Contains(search));
        }

        var rows = await users
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
                u.TwoFactorEnabled,
            })
            .ToListAsync(cancellationToken);

        var members = rows.Select(r =>
        {
            var lockout = MemberLockout.Of(throttle, now, r.TenantId, r.Email, r.LockoutEnd);
            return new MemberSummary(
                r.Id, r.Email ?? "", r.DisplayName, r.Roles, r.LiveSessions, r.LastActiveAt, lockout is not null, r.CreatedAt, Bans.IsBanned(r.LockoutEnd), lockout, r.TwoFactorEnabled);
        });
        return Order(members, query.Sort, query.Descending)
            .ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static IOrderedEnumerable<MemberSummary> Order(IEnumerable<MemberSummary> members, MemberSort sort, bool descending) => sort switch
    {
        MemberSort.Email => By(members, m => m.Email.ToUpperInvariant(), descending),
        MemberSort.Role => By(members, m => m.Roles.Contains(Roles.TenantAdmin) ? 0 : 1, descending),
        MemberSort.Sessions => By(members, m => m.LiveSessions, descending),
        MemberSort.LastActive => By(members, m => m.LastActiveAt ?? DateTimeOffset.MinValue, descending),
        _ => By(members, m => m.Name.ToUpperInvariant(), descending),
    };

    private static IOrderedEnumerable<MemberSummary> By<TKey>(IEnumerable<MemberSummary> members, Func<MemberSummary, TKey> key, bool descending) =>
        descending ? members.OrderByDescending(key) : members.OrderBy(key);
}
