using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Accounts.Commands.DeleteUser;

/// <summary>
/// Better Auth's <c>delete-user</c>: the caller deletes their own account (<see cref="AccountErasure"/>). Needs a fresh
/// session (a password, passkey or IdP step-up), and the password again when the account has one; refused while an
/// administrator acts as the person, for the workspace's only administrator (<c>SOLE_ADMINISTRATOR</c>) and for a
/// platform administrator (made and removed on the server, ADR-011a). The password is never logged.
/// </summary>
[Authorize]
public sealed record DeleteUserCommand(string? Password) : ICommand<AccountErased>, IRequireFreshSession
{
    public override string ToString() => nameof(DeleteUserCommand);
}

public sealed class DeleteUserHandler(
    UserManager<ApplicationUser> users,
    PasswordCheck passwords,
    AccountErasure erasure,
    ISessionStore store,
    ICurrentSession current,
    ILogger<DeleteUserHandler> logger) : ICommandHandler<DeleteUserCommand, AccountErased>
{
    public async ValueTask<AccountErased> Handle(DeleteUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (user.TenantId is null)
        {
            throw new ForbiddenAccessException("Platform administrators are removed on the server, not here.");
        }

        await erasure.KeepAnAdministratorAsync(
            user, "You are this workspace's only administrator: make someone else an administrator before you delete your account.", cancellationToken);
        if (user.PasswordHash is not null)
        {
            if (string.IsNullOrEmpty(command.Password))
            {
                throw new ValidationException("password", "Enter your password to delete your account.");
            }

            user = await passwords.VerifyCallerAsync(command.Password, cancellationToken);
        }

        var tenantId = user.TenantId;
        var erased = await erasure.EraseAsync(user, user.Id, byAdministrator: false, cancellationToken);
        store.Record(AuditActions.AccountDeleted, tenantId, user.Id, null, $"{erased.Sessions.Count} sessions ended");
        logger.LogInformation("User {UserId} deleted their account; {Count} sessions ended", user.Id, erased.Sessions.Count);
        return erased;
    }
}
