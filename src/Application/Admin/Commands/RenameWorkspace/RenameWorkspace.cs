using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Platform.Commands.RenameTenant;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.RenameWorkspace;

/// <summary>A tenant admin renames their own workspace (the current tenant); the slug stays. See <see cref="RenameTenantCommand"/>.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RenameWorkspaceCommand(string Name) : ICommand, IRequireFreshSession;

public sealed class RenameWorkspaceValidator : AbstractValidator<RenameWorkspaceCommand>
{
    public RenameWorkspaceValidator() => RuleFor(c => c.Name).WorkspaceName();
}

public sealed class RenameWorkspaceHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    ILogger<RenameWorkspaceHandler> logger) : ICommandHandler<RenameWorkspaceCommand>
{
    public async ValueTask<Unit> Handle(RenameWorkspaceCommand command, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new NotFoundException("There is no workspace here.");
        TenantRenaming.Rename(tenant, command.Name, store);
        logger.LogInformation("Admin {AdminId} renamed tenant {TenantId}", current.UserId, tenant.Id);
        return Unit.Value;
    }
}
