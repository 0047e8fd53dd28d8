using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions.Queries.GetSessionDetail;

/// <summary>
/// Everything about one session: the full user agent, when and how it signed in, last activity, address, its sliding
/// and absolute expiry, and — once it ended — when, why and by whom (<see cref="Ended"/>). Never the token.
/// </summary>
public sealed record SessionDetail(
    Guid Id,
    Guid UserId,
    string UserName,
    string DeviceLabel,
    string? UserAgent,
    string? IpAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset AuthenticatedAt,
    string AuthenticationMethod,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    bool IsCurrent,
    EndedSession? Ended);

/// <summary>One of the caller's own sessions, live or ended. Anybody else's id is not found.</summary>
[Authorize]
public sealed record GetMySessionQuery(Guid SessionId) : IQuery<SessionDetail>;

/// <summary>A member's session seen by a tenant admin. A session of another member, or of another tenant, is not found.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetMemberSessionQuery(Guid UserId, Guid SessionId) : IQuery<SessionDetail>;

/// <summary>Any user's session, seen by a platform superadmin. A session of another user is not found.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record GetUserSessionQuery(Guid UserId, Guid SessionId) : IQuery<SessionDetail>;

public sealed class GetMySessionHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<GetMySessionQuery, SessionDetail>
{
    public ValueTask<SessionDetail> Handle(GetMySessionQuery query, CancellationToken cancellationToken) =>
        SessionDetails.LoadAsync(db, db.Sessions, current, clock, current.UserId ?? Guid.Empty, query.SessionId, "You have no session with this id.", cancellationToken);
}

public sealed class GetMemberSessionHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<GetMemberSessionQuery, SessionDetail>
{
    public ValueTask<SessionDetail> Handle(GetMemberSessionQuery query, CancellationToken cancellationToken) =>
        SessionDetails.LoadAsync(db, db.Sessions, current, clock, query.UserId, query.SessionId, "There is no such session in this workspace.", cancellationToken);
}

public sealed class GetUserSessionHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<GetUserSessionQuery, SessionDetail>
{
    public ValueTask<SessionDetail> Handle(GetUserSessionQuery query, CancellationToken cancellationToken) =>
        SessionDetails.LoadAsync(db, db.Sessions.IgnoreQueryFilters(), current, clock, query.UserId, query.SessionId, "There is no such session.", cancellationToken);
}

internal static class SessionDetails
{
    /// <summary>The session <paramref name="sessionId"/> of <paramref name="userId"/> among <paramref name="sessions"/> (the caller's scope), else not found.</summary>
    public static async ValueTask<SessionDetail> LoadAsync(
        IApplicationDbContext db, IQueryable<Session> sessions, ICurrentSession current, TimeProvider clock,
        Guid userId, Guid sessionId, string notFound, CancellationToken cancellationToken)
    {
        var scoped = sessions.AsNoTracking().Where(s => s.Id == sessionId && s.UserId == userId);
        var row = await scoped
            .Select(s => new
            {
                s.Id, s.UserId, s.DeviceLabel, s.UserAgent, s.IpAddress, s.CreatedAt, s.AuthenticatedAt, s.AuthenticationMethod,
                s.LastSeenAt, s.ExpiresAt, s.AbsoluteExpiresAt, s.RevokedAt,
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(notFound);

        // A separate query: IgnoreQueryFilters in a subquery would switch the tenant filter off for the whole query.
        var userName = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.Id == row.UserId)
            .Select(u => u.DisplayName)
            .FirstOrDefaultAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var ended = row.RevokedAt is not null || row.ExpiresAt <= now
            ? (await SessionHistory.DescribeAsync(db, scoped, cancellationToken)).FirstOrDefault()
            : null;
        return new SessionDetail(
            row.Id, row.UserId, userName ?? "", row.DeviceLabel, row.UserAgent, row.IpAddress, row.CreatedAt, row.AuthenticatedAt,
            row.AuthenticationMethod, row.LastSeenAt, row.ExpiresAt, row.AbsoluteExpiresAt, row.Id == current.SessionId, ended);
    }
}
