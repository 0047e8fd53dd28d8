using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.UpdateTwoFactorRequirement;

/// <summary>
/// Who in this workspace must use a second factor. Applies from each person's next sign-in: someone required who has
/// none is sent to enrolment right after the password. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateTwoFactorRequirementCommand(TwoFactorRequirement Requirement) : ICommand<TwoFactorRequirement>, IRequireFreshSession;

public sealed class UpdateTwoFactorRequirementHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    TimeProvider clock,
    ILogger<UpdateTwoFactorRequirementHandler> logger) : ICommandHandler<UpdateTwoFactorRequirementCommand, TwoFactorRequirement>
{
    public async ValueTask<TwoFactorRequirement> Handle(UpdateTwoFactorRequirementCommand command, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(command.Requirement))
        {
            throw new ValidationException("requirement", "Choose optional, admins or everyone.");
        }

        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no such workspace.");
        var now = clock.GetUtcNow();
        tenant.RequireTwoFactor(command.Requirement);
        store.Record(AuditActions.TwoFactorRequirementChanged, tenant.Id, null, null, command.Requirement.ToString());
        logger.LogInformation("Admin {AdminId} set the two-factor requirement of tenant {TenantId} to {Requirement}", current.UserId, tenant.Id, command.Requirement);
        return command.Requirement;
    }
}
