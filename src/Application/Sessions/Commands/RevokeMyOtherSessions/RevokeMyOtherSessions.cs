using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions.Commands.RevokeMyOtherSessions;

/// <summary>"Sign out all other devices": ends every live session of the caller in this tenant except the current one.</summary>
[Authorize]
public sealed record RevokeMyOtherSessionsCommand : ICommand<RevokedSessions>, IRefusedWhileImpersonating;

public sealed class RevokeMyOtherSessionsHandler(
    IApplicationDbContext db,
    ISessionStore store,
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
            .Live(now)
            .Where(s => s.UserId == userId && s.Id != currentSessionId)
            .ToListAsync(cancellationToken);

        var result = store.Revoke(others, SessionEnd.By(current.UserId, RevokeReasons.RevokedByUser));
        if (result.Count > 0)
        {
            logger.LogInformation("User {UserId} revoked {Count} other sessions", current.UserId, result.Count);
        }

        return result;
    }
}
