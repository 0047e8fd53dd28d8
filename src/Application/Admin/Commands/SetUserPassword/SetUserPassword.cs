using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.SetUserPassword;

/// <summary>
/// Better Auth's <c>admin/set-user-password</c>: an administrator sets a person's password. As with a reset, every
/// session of the person ends (<c>PASSWORD_RESET</c>, by the administrator), their reset links stop working and they
/// are told by e-mail. Needs a fresh session; the password is never logged.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record SetUserPasswordCommand(Guid UserId, string NewPassword) : ICommand<RevokedSessions>, IRequireFreshSession
{
    public override string ToString() => $"{nameof(SetUserPasswordCommand)} {{ UserId = {UserId} }}";
}

public sealed class SetUserPasswordHandler(
    IApplicationDbContext db,
    AdminScope scope,
    UserManager<ApplicationUser> users,
    ISessionStore store,
    AccountNotices notices,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<SetUserPasswordHandler> logger) : ICommandHandler<SetUserPasswordCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(SetUserPasswordCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        var user = await scope.TargetAsync(command.UserId, cancellationToken);
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, command.NewPassword ?? "")).Errors.Select(e => e.Description));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["newPassword"] = errors.ToArray() });
        }

        var now = clock.GetUtcNow();
        user.PasswordHash = users.PasswordHasher.HashPassword(user, command.NewPassword!);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.AccountTokens.IgnoreQueryFilters()
            .Where(t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.PasswordReset && t.UsedAt == null && t.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelledAt, now), cancellationToken);
        var sessions = await scope.Sessions.Live(now).Where(s => s.UserId == user.Id).ToListAsync(cancellationToken);
        var ended = store.RevokeUser(user.Id, sessions, SessionEnd.By(current.UserId, RevokeReasons.PasswordReset));
        store.Record(AuditActions.PasswordSetByAdmin, user.TenantId, user.Id, null);
        await notices.PasswordChangedAsync(user, cancellationToken);
        logger.LogInformation("Admin {AdminId} set the password of user {UserId}; {Count} sessions ended", current.UserId, user.Id, ended.Count);
        return ended;
    }
}
