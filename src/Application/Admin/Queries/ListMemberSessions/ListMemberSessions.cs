using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Commands.LiftMemberLockout;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.ListMemberSessions;

/// <summary>
/// One member's live sessions and, with <paramref name="History"/> above 0, that many of their most recently ended ones
/// (as <c>GetMemberSessionHistoryQuery</c> reads them, without looking the member up a
/// second time: the member page's render, issue 26). A user of another tenant (or no user at all) is not found.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListMemberSessionsQuery(Guid UserId, int History = 0) : IQuery<MemberSessions>;

/// <param name="Sessions">Live sessions; <see cref="SessionSummary.IsCurrent"/> marks the administrator's own current session.</param>
/// <param name="IsBanned">An administrator banned the member: sign-in is refused until the ban is lifted.</param>
/// <param name="Lockout">Failed attempts keep the member out for now (never set when banned).</param>
/// <param name="Ended">The most recently ended sessions, newest first, when the query asked for a history; else null.</param>
public sealed record MemberSessions(Guid UserId, string Email, string Name, IReadOnlyList<SessionSummary> Sessions, bool IsBanned = false, MemberLockout? Lockout = null, bool TwoFactorEnabled = false, IReadOnlyList<EndedSession>? Ended = null);

public sealed class ListMemberSessionsHandler(IApplicationDbContext db, ICurrentSession current, SignInThrottle throttle, TimeProvider clock)
    : IQueryHandler<ListMemberSessionsQuery, MemberSessions>
{
    public async ValueTask<MemberSessions> Handle(ListMemberSessionsQuery query, CancellationToken cancellationToken)
    {
        var member = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId && u.DeletedAt == null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TenantId, u.TwoFactorEnabled })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such member in this workspace.");

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking()
            .Live(now)
            .Where(s => s.UserId == member.Id)
            .Select(SessionSummary.Projection(current.SessionId))
            .ToListAsync(cancellationToken);
        var ended = query.History > 0 ? await SessionHistory.ForUserAsync(db, member.Id, query.History, now, cancellationToken) : null;
        return new MemberSessions(member.Id, member.Email ?? "", member.DisplayName, SessionSummary.InDisplayOrder(sessions), Bans.IsBanned(member.LockoutEnd),
            MemberLockout.Of(throttle, now, member.TenantId, member.Email, member.LockoutEnd), member.TwoFactorEnabled, ended);
    }
}
