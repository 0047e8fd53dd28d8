using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions.Commands.ChangePassword;

/// <summary>
/// Changes the caller's password (needs a fresh session and the current password), rotates the current session's
/// token, and — when <see cref="RevokeOtherSessions"/> is set, as the page offers by default — ends every other
/// session of the caller with reason <c>PASSWORD_CHANGED</c>.
/// </summary>
[Authorize]
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword, bool RevokeOtherSessions)
    : ICommand<PasswordChanged>, IRequireFreshSession
{
    public override string ToString() => $"{nameof(ChangePasswordCommand)} {{ RevokeOtherSessions = {RevokeOtherSessions} }}";
}

/// <summary>The rotated current session (the caller signs it in: <c>HttpContext.SignInAsync</c>) and the other sessions ended.</summary>
public sealed record PasswordChanged(IssuedSession Session, RevokedSessions OtherSessionsEnded)
{
    public override string ToString() => $"{nameof(PasswordChanged)} {{ Session = {Session.Session.Id}, Ended = {OtherSessionsEnded.Count} }}";
}

public sealed class ChangePasswordHandler(
    UserManager<ApplicationUser> users,
    PasswordCheck passwords,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionStore store,
    AccountNotices notices,
    IApplicationDbContext db,
    TimeProvider clock,
    ILogger<ChangePasswordHandler> logger) : ICommandHandler<ChangePasswordCommand, PasswordChanged>
{
    public async ValueTask<PasswordChanged> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await passwords.VerifyCallerAsync(command.CurrentPassword, cancellationToken);
        var changed = await users.ChangePasswordAsync(user, command.CurrentPassword, command.NewPassword);
        if (!changed.Succeeded)
        {
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["newPassword"] = PasswordRules.Describe(changed.Errors).ToArray(),
            });
        }

        var currentSessionId = current.SessionId!.Value;
        var issued = await store.RotateAsync(user, currentSessionId, currentTenant.Tenant, cancellationToken);
        var now = clock.GetUtcNow();
        var ended = RevokedSessions.None;
        if (command.RevokeOtherSessions)
        {
            var others = await db.Sessions
                .Live(now)
                .Where(s => s.UserId == user.Id && s.Id != currentSessionId)
                .ToListAsync(cancellationToken);
            ended = store.Revoke(others, SessionEnd.By(user.Id, RevokeReasons.PasswordChanged));
        }

        store.Record(AuditActions.PasswordChanged, currentTenant.Id, user.Id, currentSessionId);
        await notices.PasswordChangedAsync(user, cancellationToken);
        logger.LogInformation("User {UserId} changed their password; {Count} other sessions ended", user.Id, ended.Count);
        return new PasswordChanged(issued, ended);
    }
}
