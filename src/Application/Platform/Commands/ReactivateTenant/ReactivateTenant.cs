using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.ReactivateTenant;

/// <summary>Lifts a suspension: people can sign in again. Sessions ended by the suspension stay ended. An active tenant is left as it is. Needs a fresh session.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ReactivateTenantCommand(Guid TenantId) : ICommand, IRequireFreshSession;

public sealed class ReactivateTenantHandler(
    IApplicationDbContext db,
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
        tenant.Reactivate();
        db.RevocationFeed.Add(new RevocationEntry(RevocationKind.TenantChanged, tenant.Id, now));
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(now), now, AuditActions.TenantReactivated, tenant.Id, current.UserId, null, null, null));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Superadmin {AdminId} reactivated tenant {TenantId}", current.UserId, tenant.Id);
        return Unit.Value;
    }
}
