using System.Text.RegularExpressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Invitations;

/// <summary>How people join the current workspace (and which e-mail domains may sign up on their own).</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetJoinPolicyQuery : IQuery<JoinPolicyView>;

/// <summary>Changes who may join: a security setting, so it needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateJoinPolicyCommand(JoinPolicy Policy, IReadOnlyList<string> Domains) : ICommand<JoinPolicyView>, IRequireFreshSession;

public sealed record JoinPolicyView(JoinPolicy Policy, IReadOnlyList<string> Domains);

public sealed partial class JoinPolicyHandler(IApplicationDbContext db, ISessionStore store, ICurrentTenant currentTenant)
    : IQueryHandler<GetJoinPolicyQuery, JoinPolicyView>, ICommandHandler<UpdateJoinPolicyCommand, JoinPolicyView>
{
    public async ValueTask<JoinPolicyView> Handle(GetJoinPolicyQuery query, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == currentTenant.Id, cancellationToken);
        return new JoinPolicyView(tenant.JoinPolicy, tenant.AllowedDomainList);
    }

    public async ValueTask<JoinPolicyView> Handle(UpdateJoinPolicyCommand command, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(command.Policy))
        {
            throw new ValidationException("policy", "The policy must be inviteOnly, allowedDomains or open.");
        }

        var domains = command.Domains.Select(d => d.Trim().TrimStart('@').ToLowerInvariant()).Where(d => d.Length > 0).Distinct().ToList();
        var bad = domains.Where(d => d.Length > 253 || !DomainPattern().IsMatch(d)).ToList();
        if (bad.Count > 0)
        {
            throw new ValidationException("domains", $"Not a domain name: {string.Join(", ", bad)}.");
        }

        if (command.Policy == JoinPolicy.AllowedDomains && domains.Count == 0)
        {
            throw new ValidationException("domains", "List at least one e-mail domain, or choose another policy.");
        }

        var tenant = await db.Tenants.SingleAsync(t => t.Id == currentTenant.Id, cancellationToken);
        tenant.ChangeJoinPolicy(command.Policy, domains);
        store.Record(AuditActions.PolicyChanged, tenant.Id, null, null, $"join: {command.Policy} {tenant.AllowedEmailDomains}");
        return new JoinPolicyView(tenant.JoinPolicy, tenant.AllowedDomainList);
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPattern();
}
