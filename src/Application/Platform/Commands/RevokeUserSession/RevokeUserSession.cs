using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.RevokeUserSession;

/// <summary>
/// A superadmin ends ONE session of any user, whatever their tenant, with reason <c>REVOKED_BY_PLATFORM</c>. The
/// session must be that user's: another user's session, or an unknown one, is not found and nothing changes. Needs a
/// fresh session. Returns how many ended (0 when it had already ended).
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record RevokeUserSessionCommand(Guid UserId, Guid SessionId) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeUserSessionHandler(
    IApplicationDbContext db,
    SessionsEndedByAuthority sessionsEnded,
    ICurrentSession current,
    ILogger<RevokeUserSessionHandler> logger) : ICommandHandler<RevokeUserSessionCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeUserSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.IgnoreQueryFilters()
            .FirstOrDefaultAsync(s => s.Id == command.SessionId && s.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no such session for this person.");

        var result = await sessionsEnded.EndAsync(session.UserId, [session], byPlatform: true, cancellationToken);
        if (result.Count > 0)
        {
            logger.LogWarning("Superadmin {AdminId} revoked session {SessionId} of user {UserId}", current.UserId, session.Id, session.UserId);
        }

        return result;
    }
}
