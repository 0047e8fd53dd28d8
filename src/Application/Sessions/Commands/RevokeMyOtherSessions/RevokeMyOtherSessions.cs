using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions.Commands.RevokeMyOtherSessions;

/// <summary>"Sign out all other devices": ends every live session of the caller in this tenant except the current one.</summary>
[Authorize]
public sealed record RevokeMyOtherSessionsCommand : ICommand<RevokedSessions>;

public sealed class RevokeMyOtherSessionsHandler(
    IApplicationDbContext db,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<RevokeMyOtherSessionsHandler> logger) : ICommandHandler<RevokeMyOtherSessionsCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeMyOtherSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = current.UserId;
        var currentSessionId = current.SessionId;
        var others = await db.Sessions
            .Where(s => s.UserId == userId && s.Id != currentSessionId && s.RevokedAt == null && s.ExpiresAt > now)
            .ToListAsync(cancellationToken);

        var result = db.Revoke(others, current.UserId, RevokeReasons.RevokedByUser, now, currentSessionId);
        if (result.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("User {UserId} revoked {Count} other sessions", current.UserId, result.Count);
        }

        return result;
    }
}
