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
            .Where(s => s.TenantId == command.TenantId && s.RevokedAt == null && s.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        var result = db.Revoke(sessions, current.UserId, RevokeReasons.RevokedByPlatform, now, current.SessionId, announceEachSession: false);
        db.RevocationFeed.Add(new RevocationEntry(RevocationKind.Tenant, command.TenantId, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Superadmin {AdminId} revoked {Count} sessions of tenant {TenantId}", current.UserId, result.Count, command.TenantId);
        return result;
    }
}
