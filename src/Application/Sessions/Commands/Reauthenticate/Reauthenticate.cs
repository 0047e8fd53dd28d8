using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions.Commands.Reauthenticate;

/// <summary>
/// Password step-up on the current session: checks the password (wrong attempts count towards lockout), then rotates
/// the session's token and sets <c>AuthenticatedAt</c> to now, so the session is fresh again. The old token stops
/// working at once. The caller writes the returned token with <c>SessionCookies.WriteNewSession</c>.
/// </summary>
[Authorize]
public sealed record ReauthenticateCommand(string Password) : ICommand<IssuedSession>
{
    public override string ToString() => nameof(ReauthenticateCommand);
}

public sealed class ReauthenticateHandler(
    UserManager<ApplicationUser> users,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionIssuer issuer,
    IApplicationDbContext db,
    TimeProvider clock,
    ILogger<ReauthenticateHandler> logger) : ICommandHandler<ReauthenticateCommand, IssuedSession>
{
    public async ValueTask<IssuedSession> Handle(ReauthenticateCommand command, CancellationToken cancellationToken)
    {
        var user = await PasswordCheck.VerifyAsync(users, current, command.Password, logger);
        var issued = await issuer.ReauthenticateAsync(user, current.SessionId!.Value, currentTenant.Tenant, cancellationToken);
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(), clock.GetUtcNow(), AuditActions.Reauthenticated, currentTenant.Id, user.Id, user.Id, issued.Session.Id, null));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("User {UserId} re-authenticated session {SessionId}", user.Id, issued.Session.Id);
        return issued;
    }
}

/// <summary>The password check of a signed-in caller (step-up, password change), with Identity lockout.</summary>
internal static class PasswordCheck
{
    public static async Task<ApplicationUser> VerifyAsync(UserManager<ApplicationUser> users, ICurrentSession current, string? password, ILogger logger)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new SessionErrorException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.", 401);
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogWarning("Password check refused: user {UserId} is locked out", user.Id);
            throw new SessionErrorException(ErrorCodes.AccountLocked, "Too many failed attempts. Try again in a few minutes.", 429);
        }

        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            await users.AccessFailedAsync(user);
            logger.LogInformation("Password check failed for user {UserId}", user.Id);
            throw new SessionErrorException(ErrorCodes.InvalidPassword, "That is not your current password.", 400);
        }

        await users.ResetAccessFailedCountAsync(user);
        return user;
    }
}
