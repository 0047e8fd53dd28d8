using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.BanMember;

/// <summary>
/// A tenant admin disables a member of the current tenant (ASVS 7.4.2): sign-in is refused from now on and every live
/// session ends at once, on every node (a user "not before" feed entry). Admins cannot ban themselves. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record BanMemberCommand(Guid UserId) : ICommand<RevokedSessions>, IRequireFreshSession;

/// <summary>Lets a banned member sign in again. Their ended sessions stay ended. Needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UnbanMemberCommand(Guid UserId) : ICommand, IRequireFreshSession;

public sealed class BanMemberHandler(
    IApplicationDbContext db,
    ISessionStore store,
    AccountNotices notices,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<BanMemberHandler> logger) : ICommandHandler<BanMemberCommand, RevokedSessions>, ICommandHandler<UnbanMemberCommand>
{
    public async ValueTask<RevokedSessions> Handle(BanMemberCommand command, CancellationToken cancellationToken)
    {
        if (command.UserId == current.UserId)
        {
            throw new ValidationException("userId", "You cannot ban yourself.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no such member in this workspace.");
        var now = clock.GetUtcNow();
        user.LockoutEnabled = true;
        user.LockoutEnd = Bans.Forever;
        var sessions = await db.Sessions
            .Live(now)
            .Where(s => s.UserId == user.Id)
            .ToListAsync(cancellationToken);
        var result = store.RevokeUser(user.Id, sessions, SessionEnd.By(current.UserId, RevokeReasons.UserLocked));
        store.Record(AuditActions.UserBanned, user.TenantId, user.Id, null);
        await notices.BannedAsync(user, cancellationToken);
        logger.LogWarning("Admin {AdminId} banned user {UserId}; {Count} sessions ended", current.UserId, user.Id, result.Count);
        return result;
    }

    public async ValueTask<Unit> Handle(UnbanMemberCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no such member in this workspace.");
        if (Bans.IsBanned(user.LockoutEnd))
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            store.Record(AuditActions.UserUnbanned, user.TenantId, user.Id, null);
            logger.LogInformation("Admin {AdminId} lifted the ban of user {UserId}", current.UserId, user.Id);
        }

        return Unit.Value;
    }
}
