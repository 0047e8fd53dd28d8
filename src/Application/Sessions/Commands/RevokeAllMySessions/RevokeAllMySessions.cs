using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions.Commands.RevokeAllMySessions;

/// <summary>"Sign out everywhere", the current session included. Needs a fresh session (step-up).</summary>
[Authorize]
public sealed record RevokeAllMySessionsCommand : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeAllMySessionsHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<RevokeAllMySessionsHandler> logger) : ICommandHandler<RevokeAllMySessionsCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeAllMySessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = current.UserId;
        var sessions = await db.Sessions
            .Live(now)
            .Where(s => s.UserId == userId)
            .ToListAsync(cancellationToken);

        var result = store.Revoke(sessions, SessionEnd.By(current.UserId, RevokeReasons.RevokedByUser));
        if (result.Count > 0)
        {
            logger.LogInformation("User {UserId} revoked all {Count} of their sessions", current.UserId, result.Count);
        }

        return result;
    }
}
