using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.RevokeMemberSession;

/// <summary>
/// A tenant admin ends one session of a member of the current tenant. When <see cref="UserId"/> is given the session
/// must be that member's. A session of another tenant, or of another member than named, is not found and nothing
/// changes. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RevokeMemberSessionCommand(Guid SessionId, Guid? UserId = null) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeMemberSessionHandler(
    IApplicationDbContext db,
    SessionsEndedByAuthority sessionsEnded,
    ICurrentSession current,
    ILogger<RevokeMemberSessionHandler> logger) : ICommandHandler<RevokeMemberSessionCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeMemberSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == command.SessionId, cancellationToken);
        if (session is null || (command.UserId is { } userId && session.UserId != userId))
        {
            throw new NotFoundException("There is no such session in this workspace.");
        }

        var result = await sessionsEnded.EndAsync(session.UserId, [session], byPlatform: false, cancellationToken);
        if (result.Count > 0)
        {
            logger.LogInformation("Admin {AdminId} revoked session {SessionId} of user {UserId}", current.UserId, session.Id, session.UserId);
        }

        return result;
    }
}
