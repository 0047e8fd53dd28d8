using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.CreateUser;

/// <summary>
/// Better Auth's <c>admin/create-user</c>: an administrator adds a person to their workspace (a superadmin names the
/// workspace with <paramref name="TenantId"/>), with a password or none (they then set one with "Forgot password"),
/// and a role (Member by default). The address is the administrator's word, so it counts as verified. Issues no
/// session. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record CreateUserCommand(string Email, string? Password, string Name, string? Role, Guid? TenantId = null) : ICommand<ManagedUser>, IRequireFreshSession
{
    public override string ToString() => $"{nameof(CreateUserCommand)} {{ Role = {Role}, TenantId = {TenantId} }}";
}

public sealed class CreateUserHandler(
    IApplicationDbContext db,
    AdminScope scope,
    UserManager<ApplicationUser> users,
    ISessionStore store,
    TimeProvider clock,
    ILogger<CreateUserHandler> logger) : ICommandHandler<CreateUserCommand, ManagedUser>
{
    public async ValueTask<ManagedUser> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        var errors = new Dictionary<string, string[]>();
        var email = command.Email?.Trim() ?? "";
        if (!EmailAddresses.IsValid(email))
        {
            errors["email"] = ["Enter a valid e-mail address."];
        }

        var name = command.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Enter a name (at most 100 characters)."];
        }

        var role = command.Role is null ? Roles.Member : ManagedUsers.ParseRole(command.Role);
        if (role is null)
        {
            errors["role"] = [ManagedUsers.RoleMessage];
        }

        var tenantId = scope.IsPlatformWide ? command.TenantId : scope.TenantId;
        if (scope.IsPlatformWide && (tenantId is null || !await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken)))
        {
            errors["tenantId"] = ["Name the workspace the person joins (data.tenantId)."];
        }

        var user = ApplicationUser.Create(tenantId, email, name, clock.GetUtcNow(), emailConfirmed: true);
        if (command.Password is { } password)
        {
            var problems = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                problems.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
            }

            if (password.Length > PasswordRules.MaxLength && problems.Count == 0)
            {
                problems.Add($"Use at most {PasswordRules.MaxLength} characters.");
            }

            if (problems.Count > 0)
            {
                errors["password"] = problems.ToArray();
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var normalized = users.NormalizeEmail(email);
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.TenantId == tenantId && u.NormalizedEmail == normalized, cancellationToken))
        {
            throw new RefusalException(ErrorCodes.UserAlreadyExists, "Someone in this workspace already has that address. Use another e-mail.");
        }

        if (command.Password is not null)
        {
            user.PasswordHash = users.PasswordHasher.HashPassword(user, command.Password);
        }

        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.NormalizedEmail = normalized;
        user.NormalizedUserName = users.NormalizeName(email);
        db.Users.Add(user);
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(cancellationToken);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
        store.Record(AuditActions.UserCreated, tenantId, user.Id, null, role);
        logger.LogInformation("User {UserId} created in tenant {TenantId} with the role {Role}", user.Id, tenantId, role);

        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.Slug, t.Name }).SingleAsync(cancellationToken);
        return new ManagedUser(user.Id, email, name, true, user.CreatedAt, [role!], false, tenantId, tenant.Slug, tenant.Name);
    }
}
