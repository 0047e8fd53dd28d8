using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.RevokeTenantSessions;

/// <summary>
/// Ends every live session of a tenant (which stays active: people can sign in again), with reason
/// <c>REVOKED_BY_PLATFORM</c> and a tenant "not before" feed entry. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record RevokeTenantSessionsCommand(Guid TenantId) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class RevokeTenantSessionsHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<RevokeTenantSessionsHandler> logger) : ICommandHandler<RevokeTenantSessionsCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(RevokeTenantSessionsCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == command.TenantId, cancellationToken))
        {
            throw new NotFoundException("There is no such tenant.");
        }

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.TenantId == command.TenantId)
            .ToListAsync(cancellationToken);
        var result = store.RevokeTenant(command.TenantId, sessions, SessionEnd.By(current.UserId, RevokeReasons.RevokedByPlatform));
        logger.LogWarning("Superadmin {AdminId} revoked {Count} sessions of tenant {TenantId}", current.UserId, result.Count, command.TenantId);
        return result;
    }
}
