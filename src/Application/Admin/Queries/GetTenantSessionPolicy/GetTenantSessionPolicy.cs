using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.GetTenantSessionPolicy;

/// <summary>The current tenant's session policy: its own values (null = platform default), the platform defaults, and the result.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetTenantSessionPolicyQuery : IQuery<SessionPolicyView>;

/// <param name="MaxConcurrentSessions">Null: no limit.</param>
/// <param name="IdleTimeout">Null: the platform default for a tenant's own value; off for the default and the effective value.</param>
public sealed record SessionPolicyValues(
    TimeSpan? ExpiresIn,
    TimeSpan? UpdateAge,
    TimeSpan? FreshAge,
    TimeSpan? AbsoluteLifetime,
    int? MaxConcurrentSessions,
    ConcurrentSessionAction ConcurrentSessionAction,
    TimeSpan? IdleTimeout = null);

public sealed record SessionPolicyView(SessionPolicyValues Tenant, SessionPolicyValues Defaults, SessionPolicyValues Effective)
{
    /// <summary>After a save: what applying the policy did to the sessions live then.</summary>
    public Admin.Commands.UpdateTenantSessionPolicy.SessionPolicyImpact? Applied { get; init; }

    public static SessionPolicyView Create(TenantSessionPolicy policy, SessionEngineOptions options)
    {
        var effective = options.TimeoutsFor(policy);
        return new SessionPolicyView(
            new SessionPolicyValues(
                policy.ExpiresIn, policy.UpdateAge, policy.FreshAge, policy.AbsoluteLifetime, policy.MaxConcurrentSessions, policy.ConcurrentSessionAction, policy.IdleTimeout),
            new SessionPolicyValues(
                options.ExpiresIn, options.UpdateAge, options.FreshAge, options.AbsoluteLifetime, options.MaxConcurrentSessions, ConcurrentSessionAction.EndOldest,
                options.IdleTimeout),
            new SessionPolicyValues(
                effective.ExpiresIn, effective.UpdateAge, effective.FreshAge, effective.AbsoluteLifetime,
                policy.MaxConcurrentSessions ?? options.MaxConcurrentSessions, policy.ConcurrentSessionAction, effective.IdleTimeout));
    }
}

public sealed class GetTenantSessionPolicyHandler(IApplicationDbContext db, ICurrentTenant currentTenant, IOptions<SessionEngineOptions> options)
    : IQueryHandler<GetTenantSessionPolicyQuery, SessionPolicyView>
{
    public async ValueTask<SessionPolicyView> Handle(GetTenantSessionPolicyQuery query, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");
        return SessionPolicyView.Create(tenant.Policy, options.Value);
    }
}
