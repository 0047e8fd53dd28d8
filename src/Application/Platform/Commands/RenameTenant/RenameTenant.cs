using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.RenameTenant;

/// <summary>
/// Gives a workspace a new display name; its slug (the subdomain) and every session stay. The tenant's version
/// moves and a <c>TenantChanged</c> feed entry drops every node's cached copy, so the next request anywhere — even
/// one carrying a warm cache cookie — reads the new name (<c>user.tenant.name</c> in get-session).
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record RenameTenantCommand(Guid TenantId, string Name) : ICommand;

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

public sealed class RenameTenantHandler(IApplicationDbContext db, ICurrentSession current, TimeProvider clock, ILogger<RenameTenantHandler> logger)
    : ICommandHandler<RenameTenantCommand>
{
    public async ValueTask<Unit> Handle(RenameTenantCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("There is no such tenant.");
        await TenantRenaming.RenameAsync(db, tenant, command.Name, current.UserId, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Superadmin {AdminId} renamed tenant {TenantId}", current.UserId, tenant.Id);
        return Unit.Value;
    }
}

/// <summary>How a rename is written, by a superadmin or by the workspace's own admin: name, feed entry, audit event, one save.</summary>
public static class TenantRenaming
{
    public static async Task RenameAsync(IApplicationDbContext db, Tenant tenant, string name, Guid? actorUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed == tenant.Name)
        {
            return;
        }

        var previous = tenant.Name;
        tenant.Rename(trimmed);
        db.RevocationFeed.Add(new RevocationEntry(RevocationKind.TenantChanged, tenant.Id, now));
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(now), now, AuditActions.TenantRenamed, tenant.Id, actorUserId, null, null, $"{previous} → {trimmed}"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
