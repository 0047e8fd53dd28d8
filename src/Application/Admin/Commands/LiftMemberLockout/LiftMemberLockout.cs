using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.LiftMemberLockout;

/// <summary>
/// A tenant admin lets a member of the current tenant who is locked out by failed attempts try again at once: the
/// sign-in throttle forgets the account's wrong passwords from every address (and its step-up counts), and a
/// second-factor lockout ends. A ban is not touched (that is <c>UnbanMemberCommand</c>). A member of another tenant is
/// not found. Needs a fresh session. Returns whether there was a lockout to lift.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record LiftMemberLockoutCommand(Guid UserId) : ICommand<bool>, IRequireFreshSession;

public sealed class LiftMemberLockoutHandler(
    IApplicationDbContext db,
    ISessionStore store,
    SignInThrottle throttle,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<LiftMemberLockoutHandler> logger) : ICommandHandler<LiftMemberLockoutCommand, bool>
{
    public async ValueTask<bool> Handle(LiftMemberLockoutCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no such member in this workspace.");
        var now = clock.GetUtcNow();
        var lockout = MemberLockout.Of(throttle, now, user.TenantId, user.Email, user.LockoutEnd);
        throttle.Lift(SignInThrottle.SignInScope(user.TenantId), user.Email ?? "");
        throttle.Lift(PasswordCheck.StepUpScope, user.Id.ToString());
        if (!Bans.IsBanned(user.LockoutEnd) && user.LockoutEnd is not null)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        if (lockout is null)
        {
            return false;
        }

        store.Record(AuditActions.LockoutLifted, user.TenantId, user.Id, null, $"{lockout.WrongPasswords} wrong passwords{(lockout.WrongCodes ? ", wrong codes" : "")}");
        logger.LogInformation("Admin {AdminId} lifted the sign-in lockout of user {UserId}", current.UserId, user.Id);
        return true;
    }
}
