using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.ReactivateTenant;

/// <summary>
/// Lifts a suspension: people can sign in again. Sessions ended by the suspension stay ended, and so does any session
/// that slipped past it (a sign-in that committed while the suspension was in flight, or went through a node that had
/// not heard of it yet): those still live are ended here, and the tenant's <c>SessionsNotBefore</c> refuses any created
/// before this instant that commits later. An active tenant is left as it is. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ReactivateTenantCommand(Guid TenantId) : ICommand, IRequireFreshSession;

public sealed class ReactivateTenantHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<ReactivateTenantHandler> logger) : ICommandHandler<ReactivateTenantCommand>
{
    public async ValueTask<Unit> Handle(ReactivateTenantCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("There is no such tenant.");
        if (tenant.IsActive)
        {
            return Unit.Value;
        }

        var now = clock.GetUtcNow();
        tenant.Reactivate(now);
        var slippedPast = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.TenantId == tenant.Id && s.CreatedAt < now)
            .ToListAsync(cancellationToken);
        var ended = store.Revoke(slippedPast, SessionEnd.By(current.UserId, RevokeReasons.TenantSuspended));
        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.TenantReactivated, tenant.Id, null, null);
        logger.LogWarning("Superadmin {AdminId} reactivated tenant {TenantId}; {Count} sessions that slipped past the suspension ended", current.UserId, tenant.Id, ended.Count);
        return Unit.Value;
    }
}
