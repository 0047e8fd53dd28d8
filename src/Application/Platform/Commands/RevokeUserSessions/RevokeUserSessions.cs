using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.RevokeUserSessions;

/// <summary>Ends every live session of any user, whatever their tenant, with reason <c>REVOKED_BY_PLATFORM</c>. Needs a fresh session.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record RevokeUserSessionsCommand(Guid UserId) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeUserSessionsHandler(
    IApplicationDbContext db,
    SessionsEndedByAuthority sessionsEnded,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<RevokeUserSessionsHandler> logger) : ICommandHandler<RevokeUserSessionsCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeUserSessionsCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == command.UserId, cancellationToken))
        {
            throw new NotFoundException("There is no such user.");
        }

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.UserId == command.UserId)
            .ToListAsync(cancellationToken);
        var result = await sessionsEnded.EndAsync(command.UserId, sessions, byPlatform: true, cancellationToken);
        if (result.Count > 0)
        {
            logger.LogWarning("Superadmin {AdminId} revoked {Count} sessions of user {UserId}", current.UserId, result.Count, command.UserId);
        }

        return result;
    }
}
