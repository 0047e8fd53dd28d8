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

/// <summary>Lifts a suspension: people can sign in again. Sessions ended by the suspension stay ended. An active tenant is left as it is. Needs a fresh session.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ReactivateTenantCommand(Guid TenantId) : ICommand, IRequireFreshSession;

public sealed class ReactivateTenantHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
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

        tenant.Reactivate();
        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.TenantReactivated, tenant.Id, null, null);
        logger.LogWarning("Superadmin {AdminId} reactivated tenant {TenantId}", current.UserId, tenant.Id);
        return Unit.Value;
    }
}
