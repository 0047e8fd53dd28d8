using FluentValidation;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Platform.Commands.CreateWorkspace;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Platform.Commands.StartWorkspace;

/// <summary>
/// Self-service "start a workspace" on the platform host, only when <c>Tenancy:SelfServiceSignUp</c> is on (off by
/// default): creates the workspace (invite-only) and its first admin in one step. The admin then signs in on the
/// workspace's own address (cookies are host-only, so the platform host cannot sign them in there).
/// </summary>
public sealed record StartWorkspaceCommand(string Slug, string Name, string AdminName, string AdminEmail, string Password) : ICommand<CreatedWorkspace>
{
    public const string SettingKey = "Tenancy:SelfServiceSignUp";

    public override string ToString() => $"{nameof(StartWorkspaceCommand)} {{ Slug = {Slug} }}";
}

internal sealed class StartWorkspaceValidator : AbstractValidator<StartWorkspaceCommand>
{
    public StartWorkspaceValidator()
    {
        WorkspaceSlugs.Validate(this, c => c.Slug);
        RuleFor(c => c.Name).NotEmpty().WithMessage("Name the workspace.").MaximumLength(200);
        RuleFor(c => c.AdminName).NotEmpty().WithMessage("Enter your name.").MaximumLength(100);
        RuleFor(c => c.AdminEmail).NotEmpty().WithMessage("Enter your e-mail address.").MaximumLength(256).EmailAddress().WithMessage("Enter a valid e-mail address.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.").MaximumLength(128);
    }
}

public sealed class StartWorkspaceHandler(
    IApplicationDbContext db,
    ISessionStore store,
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<StartWorkspaceHandler> logger) : ICommandHandler<StartWorkspaceCommand, CreatedWorkspace>
{
    public async ValueTask<CreatedWorkspace> Handle(StartWorkspaceCommand command, CancellationToken cancellationToken)
    {
        if (!currentTenant.IsPlatformHost || !configuration.GetValue(StartWorkspaceCommand.SettingKey, false))
        {
            throw new NotFoundException("Starting a workspace yourself is not available here.");
        }

        var slug = command.Slug.Trim().ToLowerInvariant();
        await WorkspaceSlugs.ThrowIfTakenAsync(db, slug, cancellationToken);
        var now = clock.GetUtcNow();
        var tenant = new Tenant(Guid.CreateVersion7(now), slug, command.Name.Trim(), now);
        var email = command.AdminEmail.Trim();
        var admin = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            Email = email,
            UserName = email,
            DisplayName = command.AdminName.Trim(),
            CreatedAt = now,
        };

        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, admin, command.Password)).Errors.Select(e => e.Description));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["password"] = errors.ToArray() });
        }

        db.Tenants.Add(tenant);
        var created = await users.CreateAsync(admin, command.Password);
        if (!created.Succeeded)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["adminEmail"] = created.Errors.Select(e => e.Description).ToArray() });
        }

        await users.AddToRoleAsync(admin, Roles.TenantAdmin);
        store.Record(AuditActions.SignedUp, tenant.Id, admin.Id, null, "workspace started", admin.Id);
        logger.LogWarning("Tenant {TenantId} ({Slug}) started by self-service", tenant.Id, slug);
        return new CreatedWorkspace(tenant.Id, tenant.Slug, tenant.Name, Guid.Empty);
    }
}
