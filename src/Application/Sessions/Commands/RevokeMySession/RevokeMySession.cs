using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions.Commands.RevokeMySession;

/// <summary>
/// Ends one of the caller's own sessions by id (the current one included). Anybody else's session id, in this tenant
/// or another, is not found and nothing changes. An already ended session of the caller's is a no-op.
/// </summary>
[Authorize]
public sealed record RevokeMySessionCommand(Guid SessionId) : ICommand<RevokedSessions>, IRefusedWhileImpersonating;

public sealed class RevokeMySessionHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    ILogger<RevokeMySessionHandler> logger) : ICommandHandler<RevokeMySessionCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeMySessionCommand command, CancellationToken cancellationToken)
    {
        var userId = current.UserId;
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == command.SessionId && s.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("You have no session with this id.");

        var result = store.Revoke([session], SessionEnd.By(current.UserId, RevokeReasons.RevokedByUser));
        if (result.Count > 0)
        {
            logger.LogInformation("User {UserId} revoked their session {SessionId}", current.UserId, session.Id);
        }

        return result;
    }
}
