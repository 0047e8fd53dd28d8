using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.PreviewTenantSessionPolicy;

/// <summary>What saving <paramref name="Change"/> would do to the current tenant's live sessions; changes nothing.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record PreviewTenantSessionPolicyQuery(UpdateTenantSessionPolicyCommand Change) : IQuery<SessionPolicyImpact>;

public sealed class PreviewTenantSessionPolicyValidator : AbstractValidator<PreviewTenantSessionPolicyQuery>
{
    public PreviewTenantSessionPolicyValidator(IOptions<SessionEngineOptions> options) =>
        RuleFor(q => q.Change).SetValidator(new UpdateTenantSessionPolicyValidator(options));
}

public sealed class PreviewTenantSessionPolicyHandler(IApplicationDbContext db, ICurrentSession current, IOptions<SessionEngineOptions> options, TimeProvider clock)
    : IQueryHandler<PreviewTenantSessionPolicyQuery, SessionPolicyImpact>
{
    public async ValueTask<SessionPolicyImpact> Handle(PreviewTenantSessionPolicyQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = query.Change.ToPolicy();
        var live = await db.Sessions.AsNoTracking().Live(now).ToListAsync(cancellationToken);
        return SessionPolicyPlan.For(live, options.Value.TimeoutsFor(policy), policy.MaxConcurrentSessions ?? options.Value.MaxConcurrentSessions, now)
            .Impact(current.SessionId);
    }
}
