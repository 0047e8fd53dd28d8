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

namespace TenantSessions.Application.Platform.Commands.SuspendTenant;

/// <summary>
/// Suspends a tenant in one unit of work: the status and reason, every live session of the tenant ended with reason
/// <c>TENANT_SUSPENDED</c>, who suspended it and when, a tenant "not before" feed entry (every cookie cache of the tenant is re-checked, on every
/// node) and a <c>TenantChanged</c> entry, audit events. Sign-in is refused while suspended. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record SuspendTenantCommand(Guid TenantId, string Reason) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class SuspendTenantHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<SuspendTenantHandler> logger) : ICommandHandler<SuspendTenantCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(SuspendTenantCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("There is no such tenant.");

        var now = clock.GetUtcNow();
        var reason = command.Reason.Trim();
        tenant.Suspend(reason, now, current.UserId);
        var sessions = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.TenantId == tenant.Id)
            .ToListAsync(cancellationToken);
        var result = store.RevokeTenant(tenant.Id, sessions, SessionEnd.By(current.UserId, RevokeReasons.TenantSuspended));
        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.TenantSuspended, tenant.Id, null, null, reason);
        logger.LogWarning("Superadmin {AdminId} suspended tenant {TenantId}; {Count} sessions ended", current.UserId, tenant.Id, result.Count);
        return result;
    }
}
