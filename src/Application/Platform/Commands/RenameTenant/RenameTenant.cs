using FluentValidation;
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

namespace TenantSessions.Application.Platform.Commands.RenameTenant;

/// <summary>
/// Gives a workspace a new display name; its slug (the subdomain) and every session stay. The tenant's version
/// moves and a <c>TenantChanged</c> feed entry drops every node's cached copy, so the next request anywhere — even
/// one carrying a warm cache cookie — reads the new name (<c>user.tenant.name</c> in get-session).
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record RenameTenantCommand(Guid TenantId, string Name) : ICommand, IRequireFreshSession;

public sealed class RenameTenantValidator : AbstractValidator<RenameTenantCommand>
{
    public RenameTenantValidator() => RuleFor(c => c.Name).WorkspaceName();
}

public static class TenantNameRules
{
    public const int MaxLength = 100;

    /// <summary>A workspace name: not blank, at most 100 characters once trimmed.</summary>
    public static IRuleBuilderOptions<T, string> WorkspaceName<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the workspace a name.")
        .Must(n => n is null || n.Trim().Length <= MaxLength).WithMessage($"A workspace name has at most {MaxLength} characters.");
}

public sealed class RenameTenantHandler(IApplicationDbContext db, ISessionStore store, ICurrentSession current, ILogger<RenameTenantHandler> logger)
    : ICommandHandler<RenameTenantCommand>
{
    public async ValueTask<Unit> Handle(RenameTenantCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("There is no such tenant.");
        TenantRenaming.Rename(tenant, command.Name, store);
        logger.LogInformation("Superadmin {AdminId} renamed tenant {TenantId}", current.UserId, tenant.Id);
        return Unit.Value;
    }
}

/// <summary>
/// How a rename is staged, by a superadmin or by the workspace's own admin: the trimmed name (the tenant's version
/// moves), a <c>TenantChanged</c> feed entry and an audit event "old → new"; the command's unit of work commits.
/// </summary>
public static class TenantRenaming
{
    public static void Rename(Tenant tenant, string name, ISessionStore store)
    {
        var trimmed = name.Trim();
        if (trimmed == tenant.Name)
        {
            return;
        }

        var previous = tenant.Name;
        tenant.Rename(trimmed);
        store.TenantChanged(tenant.Id);
        store.Record(AuditActions.TenantRenamed, tenant.Id, null, null, $"{previous} → {trimmed}");
    }
}
