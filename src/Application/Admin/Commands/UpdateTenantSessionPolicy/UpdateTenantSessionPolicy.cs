using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Admin.Queries.GetTenantSessionPolicy;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;

/// <summary>
/// Replaces the current tenant's session policy (a null value means "use the platform default"). New sessions and
/// refreshes use it at once on every node (a <c>TenantChanged</c> feed entry drops every cached copy of the tenant);
/// an existing session keeps the absolute cap it was issued with.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateTenantSessionPolicyCommand(
    TimeSpan? ExpiresIn,
    TimeSpan? UpdateAge,
    TimeSpan? FreshAge,
    TimeSpan? AbsoluteLifetime,
    int? MaxConcurrentSessions,
    ConcurrentSessionAction ConcurrentSessionAction = ConcurrentSessionAction.EndOldest) : ICommand<SessionPolicyView>, IRequireFreshSession;

public sealed class UpdateTenantSessionPolicyHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IOptions<SessionEngineOptions> options,
    ILogger<UpdateTenantSessionPolicyHandler> logger) : ICommandHandler<UpdateTenantSessionPolicyCommand, SessionPolicyView>
{
    public async ValueTask<SessionPolicyView> Handle(UpdateTenantSessionPolicyCommand command, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");

        var policy = new TenantSessionPolicy
        {
            ExpiresIn = command.ExpiresIn,
            UpdateAge = command.UpdateAge,
            FreshAge = command.FreshAge,
            AbsoluteLifetime = command.AbsoluteLifetime,
            MaxConcurrentSessions = command.MaxConcurrentSessions,
            ConcurrentSessionAction = command.ConcurrentSessionAction,
        };
        tenant.ChangePolicy(policy);

        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.PolicyChanged, tenant.Id, null, null, Describe(policy));
        logger.LogInformation("Admin {AdminId} changed the session policy of tenant {TenantId}", current.UserId, tenant.Id);
        return SessionPolicyView.Create(tenant.Policy, options.Value);
    }

    private static string Describe(TenantSessionPolicy p)
    {
        static string Of(TimeSpan? value) => value?.ToString("c", CultureInfo.InvariantCulture) ?? "default";
        return $"expiresIn={Of(p.ExpiresIn)} updateAge={Of(p.UpdateAge)} freshAge={Of(p.FreshAge)} absoluteLifetime={Of(p.AbsoluteLifetime)} "
            + $"maxConcurrentSessions={p.MaxConcurrentSessions?.ToString(CultureInfo.InvariantCulture) ?? "default"} concurrentSessionAction={p.ConcurrentSessionAction}";
    }
}
