using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Invitations;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Application.Platform.Commands.CreateWorkspace;

/// <summary>
/// A superadmin creates a workspace (invite-only, active) and invites its first admin by e-mail. The slug must be a
/// DNS label, not reserved and not taken.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record CreateWorkspaceCommand(string Slug, string Name, string AdminEmail) : ICommand<CreatedWorkspace>, IRequireFreshSession;

public sealed record CreatedWorkspace(Guid Id, string Slug, string Name, Guid InvitationId);

public static class WorkspaceSlugs
{
    /// <summary>Labels that name the platform's own services or would confuse people; never a workspace.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "www", "api", "admin", "administrator", "platform", "mail", "email", "smtp", "imap", "pop", "mx", "ftp", "ns", "ns1", "ns2",
        "dns", "app", "apps", "auth", "login", "signin", "sign-in", "signup", "sign-up", "account", "accounts", "static", "assets",
        "cdn", "status", "health", "help", "support", "docs", "blog", "dashboard", "jobs", "hangfire", "root", "system", "security",
        "billing", "localhost", "test", "internal", "staging", "dev",
    };

    public static void Validate<T>(AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string>> slug) =>
        validator.RuleFor(slug).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Choose the workspace's address.")
            .Must(s => !TenantSlug.IsReservedForEncoding(s.Trim().ToLowerInvariant()))
            .WithMessage(s => $"'{slug.Compile()(s).Trim().ToLowerInvariant()}' starts with two characters and '--', which is kept for encoded (xn--) names. Choose another address.")
            .Must(s => TenantSlug.IsValid(s.Trim().ToLowerInvariant()))
            .WithMessage("The address must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.")
            .Must(s => !Reserved.Contains(s.Trim().ToLowerInvariant()))
            .WithMessage(s => $"'{slug.Compile()(s).Trim().ToLowerInvariant()}' is reserved. Choose another address.");

    public static async Task ThrowIfTakenAsync(IApplicationDbContext db, string slug, CancellationToken cancellationToken)
    {
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            throw new ValidationException("slug", $"'{slug}' is taken. Choose another address.");
        }
    }
}

internal sealed class CreateWorkspaceValidator : AbstractValidator<CreateWorkspaceCommand>
{
    public CreateWorkspaceValidator()
    {
        WorkspaceSlugs.Validate(this, c => c.Slug);
        RuleFor(c => c.Name).NotEmpty().WithMessage("Name the workspace.").MaximumLength(200);
        RuleFor(c => c.AdminEmail).ValidEmailAddress("Enter the first admin's e-mail address.");
    }
}

public sealed class CreateWorkspaceHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    IAppLinks links,
    TimeProvider clock,
    ILogger<CreateWorkspaceHandler> logger) : ICommandHandler<CreateWorkspaceCommand, CreatedWorkspace>
{
    public async ValueTask<CreatedWorkspace> Handle(CreateWorkspaceCommand command, CancellationToken cancellationToken)
    {
        var slug = command.Slug.Trim().ToLowerInvariant();
        await WorkspaceSlugs.ThrowIfTakenAsync(db, slug, cancellationToken);
        var now = clock.GetUtcNow();
        var tenant = new Tenant(Guid.CreateVersion7(now), slug, command.Name.Trim(), now);
        db.Tenants.Add(tenant);
        store.TenantChanged(tenant.Id); // every node forgets that this slug was unknown
        var inviter = await db.Users.IgnoreQueryFilters().Where(u => u.Id == current.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var invitation = InvitationRules.Issue(db, store, links, tenant.Id, tenant.Slug, tenant.Name, command.AdminEmail.Trim(), Roles.TenantAdmin,
            string.IsNullOrWhiteSpace(inviter) ? "The platform's administrators" : inviter, current.UserId, now);
        logger.LogWarning("Superadmin {AdminId} created tenant {TenantId} ({Slug})", current.UserId, tenant.Id, slug);
        return new CreatedWorkspace(tenant.Id, tenant.Slug, tenant.Name, invitation.Id);
    }
}
