using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.UpdateImpersonationPolicy;

/// <summary>Whether the workspace's administrators may act as members, and whether a person is e-mailed when one does.</summary>
public sealed record ImpersonationPolicy(bool AdminsMayImpersonate, bool NotifyImpersonatedPeople);

[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetImpersonationPolicyQuery : IQuery<ImpersonationPolicy>;

/// <summary>Changes the workspace's impersonation setting. Needs a fresh session; audited.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateImpersonationPolicyCommand(bool AdminsMayImpersonate, bool NotifyImpersonatedPeople) : ICommand<ImpersonationPolicy>, IRequireFreshSession;

public sealed class ImpersonationPolicyHandler(IApplicationDbContext db, ICurrentTenant tenant, ISessionStore store)
    : IQueryHandler<GetImpersonationPolicyQuery, ImpersonationPolicy>, ICommandHandler<UpdateImpersonationPolicyCommand, ImpersonationPolicy>
{
    public async ValueTask<ImpersonationPolicy> Handle(GetImpersonationPolicyQuery query, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id)
            .Select(t => new ImpersonationPolicy(t.AdminsMayImpersonate, t.NotifyImpersonatedPeople))
            .SingleAsync(cancellationToken);

    public async ValueTask<ImpersonationPolicy> Handle(UpdateImpersonationPolicyCommand command, CancellationToken cancellationToken)
    {
        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id, cancellationToken);
        row.ChangeImpersonationPolicy(command.AdminsMayImpersonate, command.NotifyImpersonatedPeople);
        store.Record(AuditActions.ImpersonationPolicyChanged, row.Id, null, null,
            $"admins may impersonate: {(command.AdminsMayImpersonate ? "yes" : "no")}; notify: {(command.NotifyImpersonatedPeople ? "yes" : "no")}");
        return new ImpersonationPolicy(row.AdminsMayImpersonate, row.NotifyImpersonatedPeople);
    }
}
