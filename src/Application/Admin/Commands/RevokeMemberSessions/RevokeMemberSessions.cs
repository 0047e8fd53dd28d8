using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.RevokeMemberSessions;

/// <summary>A tenant admin ends every live session of a member of the current tenant. Another tenant's user is not found. Needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RevokeMemberSessionsCommand(Guid UserId) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeMemberSessionsHandler(
    IApplicationDbContext db,
    SessionsEndedByAuthority sessionsEnded,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<RevokeMemberSessionsHandler> logger) : ICommandHandler<RevokeMemberSessionsCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeMemberSessionsCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == command.UserId, cancellationToken))
        {
            throw new NotFoundException("There is no such member in this workspace.");
        }

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions
            .Live(now)
            .Where(s => s.UserId == command.UserId)
            .ToListAsync(cancellationToken);
        var result = await sessionsEnded.EndAsync(command.UserId, sessions, byPlatform: false, cancellationToken);
        if (result.Count > 0)
        {
            logger.LogInformation("Admin {AdminId} revoked {Count} sessions of user {UserId}", current.UserId, result.Count, command.UserId);
        }

        return result;
    }
}
