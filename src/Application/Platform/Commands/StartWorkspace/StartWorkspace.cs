using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Application.Email;
using TenantSessions.Application.Platform.Commands.CreateWorkspace;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Email;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Application.Platform.Commands.StartWorkspace;

/// <summary>
/// Self-service "start a workspace" on the platform host, only when <c>Tenancy:SelfServiceSignUp</c> is on (off by
/// default). Nothing is created yet: the address is checked (format, reserved names, free), the password checked and
/// hashed, and a confirmation link carrying the workspace and the admin's name and password hash is e-mailed to the
/// admin (<see cref="ConfirmWorkspaceCommand"/> creates both once the link is confirmed). So an unconfirmed address
/// never holds a workspace, and nobody can take a workspace in the name of an address they do not own.
/// At most <see cref="MessagesPerAddressPerHour"/> such messages per address and hour; further requests get the same
/// answer and send nothing.
/// </summary>
public sealed record StartWorkspaceCommand(string Slug, string Name, string AdminName, string AdminEmail, string Password) : ICommand
{
    public const string SettingKey = "Tenancy:SelfServiceSignUp";

    public const int MessagesPerAddressPerHour = 3;

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    public override string ToString() => $"{nameof(StartWorkspaceCommand)} {{ Slug = {Slug} }}";
}

/// <summary>The confirmation link of a self-service workspace (a POST): creates the workspace and its verified admin.</summary>
public sealed record ConfirmWorkspaceCommand(string Token) : ICommand<CreatedWorkspace>
{
    public override string ToString() => nameof(ConfirmWorkspaceCommand);
}

/// <summary>What the confirmation page shows before the POST (the link's workspace and address), or <c>INVALID_TOKEN</c>.</summary>
public sealed record GetPendingWorkspaceQuery(string Token) : IQuery<PendingWorkspace>
{
    public override string ToString() => nameof(GetPendingWorkspaceQuery);
}

/// <summary>A workspace waiting in a confirmation token: its slug and name, the admin's name and password hash.</summary>
public sealed record PendingWorkspace(string Slug, string Name, string AdminName, string AdminEmail, string PasswordHash);

internal sealed class StartWorkspaceValidator : AbstractValidator<StartWorkspaceCommand>
{
    public StartWorkspaceValidator()
    {
        WorkspaceSlugs.Validate(this, c => c.Slug);
        RuleFor(c => c.Name).NotEmpty().WithMessage("Name the workspace.").MaximumLength(200);
        RuleFor(c => c.AdminName).NotEmpty().WithMessage("Enter your name.").MaximumLength(100);
        RuleFor(c => c.AdminEmail).ValidEmailAddress("Enter your e-mail address.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.").MaximumLength(PasswordRules.MaxLength);
    }
}

public sealed class StartWorkspaceHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    ISessionStore store,
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    IConfiguration configuration,
    IAppLinks links,
    TimeProvider clock,
    ILogger<StartWorkspaceHandler> logger)
    : ICommandHandler<StartWorkspaceCommand>, ICommandHandler<ConfirmWorkspaceCommand, CreatedWorkspace>, IQueryHandler<GetPendingWorkspaceQuery, PendingWorkspace>
{
    public async ValueTask<Unit> Handle(StartWorkspaceCommand command, CancellationToken cancellationToken)
    {
        ThrowIfOff();
        var slug = command.Slug.Trim().ToLowerInvariant();
        await WorkspaceSlugs.ThrowIfTakenAsync(db, slug, cancellationToken);
        var now = clock.GetUtcNow();
        var email = command.AdminEmail.Trim();
        var admin = ApplicationUser.Create(tenantId: null, email, command.AdminName, now, emailConfirmed: false);

        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange(PasswordRules.Describe((await validator.ValidateAsync(users, admin, command.Password)).Errors));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["password"] = errors.ToArray() });
        }

        var hash = users.PasswordHasher.HashPassword(admin, command.Password);
        var since = now - TimeSpan.FromHours(1);
        if (await db.EmailOutbox.CountAsync(m => m.To == email && m.Kind == EmailKinds.WorkspaceStart && m.CreatedAt > since, cancellationToken) >= StartWorkspaceCommand.MessagesPerAddressPerHour)
        {
            logger.LogWarning("Workspace confirmation not sent: too many for one address in the last hour");
            return Unit.Value;
        }

        var pending = new PendingWorkspace(slug, command.Name.Trim(), admin.DisplayName, email, hash);
        var (token, secret) = AccountTokens.Create(AccountTokenPurpose.WorkspaceStart, null, null, email, now, StartWorkspaceCommand.LinkLifetime);
        token.Payload = JsonSerializer.Serialize(pending);
        db.AccountTokens.Add(token);
        db.EmailOutbox.Add(AccountEmails.WorkspaceStart(pending.Name, new Uri(links.Tenant(slug, "/")).Authority, email, links.Platform($"/start/confirm?token={secret}"), now, StartWorkspaceCommand.LinkLifetime));
        logger.LogInformation("Workspace {Slug} requested by self-service; waiting for its admin to confirm the address", slug);
        return Unit.Value;
    }

    public async ValueTask<PendingWorkspace> Handle(GetPendingWorkspaceQuery query, CancellationToken cancellationToken)
    {
        ThrowIfOff();
        return Pending(await db.FindUsableAsync(AccountTokenPurpose.WorkspaceStart, query.Token, clock.GetUtcNow(), cancellationToken));
    }

    public async ValueTask<CreatedWorkspace> Handle(ConfirmWorkspaceCommand command, CancellationToken cancellationToken)
    {
        ThrowIfOff();
        var now = clock.GetUtcNow();
        var token = await db.FindUsableAsync(AccountTokenPurpose.WorkspaceStart, command.Token, now, cancellationToken);
        var pending = Pending(token);
        await WorkspaceSlugs.ThrowIfTakenAsync(db, pending.Slug, cancellationToken);

        await db.ConsumeAsync(unitOfWork, token, now, cancellationToken);
        var tenant = new Tenant(Guid.CreateVersion7(now), pending.Slug, pending.Name, now);
        var admin = ApplicationUser.Create(tenant.Id, pending.AdminEmail, pending.AdminName, now, emailConfirmed: true, pending.PasswordHash);

        db.Tenants.Add(tenant);
        store.TenantChanged(tenant.Id); // every node forgets that this slug was unknown
        var created = await users.CreateAsync(admin);
        if (!created.Succeeded)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["adminEmail"] = created.Errors.Select(e => e.Description).ToArray() });
        }

        await users.AddToRoleAsync(admin, Roles.TenantAdmin);
        store.Record(AuditActions.SignedUp, tenant.Id, admin.Id, null, "workspace started", admin.Id);
        store.Record(AuditActions.EmailVerified, tenant.Id, admin.Id, null);
        logger.LogWarning("Tenant {TenantId} ({Slug}) started by self-service; its admin confirmed the address", tenant.Id, tenant.Slug);
        return new CreatedWorkspace(tenant.Id, tenant.Slug, tenant.Name, Guid.Empty);
    }

    private static PendingWorkspace Pending(AccountToken token) =>
        JsonSerializer.Deserialize<PendingWorkspace>(token.Payload ?? "null") ?? throw AccountTokens.Invalid();

    private void ThrowIfOff()
    {
        if (!currentTenant.IsPlatformHost || !configuration.GetValue(StartWorkspaceCommand.SettingKey, false))
        {
            throw new NotFoundException("Starting a workspace yourself is not available here.");
        }
    }
}
