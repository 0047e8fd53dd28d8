using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions;

/// <summary>
/// Ends sessions of one person on someone else's authority, a tenant admin's or a superadmin's: the reason says whose
/// (<c>REVOKED_BY_ADMIN</c> or <c>REVOKED_BY_PLATFORM</c>; <c>REVOKED_BY_USER</c> when the person is the caller), and the
/// person is told by e-mail that their sessions were ended, unless they ended their own. The admin's and the platform's
/// revoke commands (one session, or all of a person's) share it; each logs what it did in its own words.
/// </summary>
public sealed class SessionsEndedByAuthority(ISessionStore store, AccountNotices notices, ICurrentSession current)
{
    public async ValueTask<RevokedSessions> EndAsync(Guid ownerId, IEnumerable<Session> sessions, bool byPlatform, CancellationToken cancellationToken)
    {
        var ownSessions = ownerId == current.UserId;
        var reason = ownSessions ? RevokeReasons.RevokedByUser : byPlatform ? RevokeReasons.RevokedByPlatform : RevokeReasons.RevokedByAdmin;
        var result = store.Revoke(sessions, SessionEnd.By(current.UserId, reason));
        if (result.Count > 0 && !ownSessions)
        {
            await notices.SessionsEndedAsync(ownerId, byPlatform, result.Count, cancellationToken);
        }

        return result;
    }
}
