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
/// Replaces the current tenant's session policy (a null value means "use the platform default", resolved to fit the
/// values set: <see cref="SessionPolicyResolution"/>). New sessions and refreshes use it at once on every node (a
/// <c>TenantChanged</c> feed entry and the tenant's new version send every cache cookie of the tenant back to the
/// database), and a tighter policy applies to the sessions live now in the same save (<see cref="SessionPolicyPlan"/>):
/// expiries and absolute caps are shortened, and sessions past the new limits or over the device cap end with the
/// reason <see cref="RevokeReasons.WorkspacePolicy"/> and no acting person (shown as "workspace policy"). An idle timeout
/// ends nothing at save: each session idle past it is refused and ended at its next request (<c>IDLE_TIMEOUT</c>).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateTenantSessionPolicyCommand(
    TimeSpan? ExpiresIn,
    TimeSpan? UpdateAge,
    TimeSpan? FreshAge,
    TimeSpan? AbsoluteLifetime,
    int? MaxConcurrentSessions,
    ConcurrentSessionAction ConcurrentSessionAction = ConcurrentSessionAction.EndOldest,
    TimeSpan? IdleTimeout = null) : ICommand<SessionPolicyView>, IRequireFreshSession
{
    public TenantSessionPolicy ToPolicy() => new()
    {
        ExpiresIn = ExpiresIn,
        UpdateAge = UpdateAge,
        FreshAge = FreshAge,
        AbsoluteLifetime = AbsoluteLifetime,
        MaxConcurrentSessions = MaxConcurrentSessions,
        ConcurrentSessionAction = ConcurrentSessionAction,
        IdleTimeout = IdleTimeout,
    };
}

public sealed class UpdateTenantSessionPolicyHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IOptions<SessionEngineOptions> options,
    TimeProvider clock,
    ILogger<UpdateTenantSessionPolicyHandler> logger) : ICommandHandler<UpdateTenantSessionPolicyCommand, SessionPolicyView>
{
    public async ValueTask<SessionPolicyView> Handle(UpdateTenantSessionPolicyCommand command, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");

        var policy = command.ToPolicy();
        tenant.ChangePolicy(policy);

        var now = clock.GetUtcNow();
        var live = await db.Sessions.Live(now).ToListAsync(cancellationToken);
        var plan = SessionPolicyPlan.For(live, options.Value.TimeoutsFor(policy), policy.MaxConcurrentSessions ?? options.Value.MaxConcurrentSessions, now);
        foreach (var (session, expiresAt, absoluteExpiresAt) in plan.Shortened)
        {
            store.Shorten(session, expiresAt, absoluteExpiresAt);
        }

        var impact = plan.Impact(current.SessionId);
        store.Revoke(plan.Ending, SessionEnd.Policy(RevokeReasons.WorkspacePolicy));
        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.PolicyChanged, tenant.Id, null, null, Describe(policy));
        logger.LogInformation(
            "Admin {AdminId} changed the session policy of tenant {TenantId}: {Ended} sessions ended, {Shortened} shortened",
            current.UserId, tenant.Id, impact.SessionsEnding, impact.SessionsShortened);
        return SessionPolicyView.Create(tenant.Policy, options.Value) with { Applied = impact };
    }

    private static string Describe(TenantSessionPolicy p)
    {
        static string Of(TimeSpan? value) => value?.ToString("c", CultureInfo.InvariantCulture) ?? "default";
        return $"expiresIn={Of(p.ExpiresIn)} updateAge={Of(p.UpdateAge)} freshAge={Of(p.FreshAge)} absoluteLifetime={Of(p.AbsoluteLifetime)} "
            + $"maxConcurrentSessions={p.MaxConcurrentSessions?.ToString(CultureInfo.InvariantCulture) ?? "default"} concurrentSessionAction={p.ConcurrentSessionAction} "
            + $"idleTimeout={Of(p.IdleTimeout)}";
    }
}
