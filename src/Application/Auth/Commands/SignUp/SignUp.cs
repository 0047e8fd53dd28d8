using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.SignUp;

/// <summary>Creates a member of the current tenant and signs them in.</summary>
public sealed record SignUpCommand(string Name, string Email, string Password, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => $"SignUpCommand {{ Email = {Email} }}";
}

public sealed class SignUpHandler(
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    ISessionStore store,
    TimeProvider clock,
    ILogger<SignUpHandler> logger) : ICommandHandler<SignUpCommand, IssuedSession>
{
    public async ValueTask<IssuedSession> Handle(SignUpCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant
            ?? throw new SessionErrorException(ErrorCodes.BadRequest, "Sign up on your workspace's address.");
        if (!tenant.IsActive)
        {
            throw TenantErrors.Suspended(tenant);
        }

        var email = command.Email.Trim();
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            Email = email,
            UserName = email,
            DisplayName = command.Name.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };

        var created = await users.CreateAsync(user, command.Password);
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                throw new SessionErrorException(ErrorCodes.UserAlreadyExists, "An account with this e-mail already exists in this workspace.");
            }

            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["password"] = created.Errors.Select(e => e.Description).ToArray(),
            });
        }

        await users.AddToRoleAsync(user, Roles.Member);
        var issued = await store.IssueAsync(user, tenant, persistent: true, command.Client, AuditActions.SignedUp, cancellationToken);
        logger.LogInformation("User {UserId} signed up in tenant {TenantId}", user.Id, tenant.Id);
        return issued;
    }
}
