using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.GetTwoFactorRequirement;

[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetTwoFactorRequirementQuery : IQuery<TwoFactorRequirement>;

public sealed class GetTwoFactorRequirementHandler(IApplicationDbContext db, ICurrentTenant tenant) : IQueryHandler<GetTwoFactorRequirementQuery, TwoFactorRequirement>
{
    public async ValueTask<TwoFactorRequirement> Handle(GetTwoFactorRequirementQuery query, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Id;
        return await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.TwoFactorRequirement).SingleAsync(cancellationToken);
    }
}
