using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.ResetMemberTwoFactor;

/// <summary>
/// A tenant admin removes a member's second factor (lost phone, no recovery codes left): the key and recovery codes are
/// forgotten, every live session and pending sign-in of the member ends, an audit event is written and the member is
/// told (<see cref="ISecondFactorNotices"/>). Another tenant's user is not found. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ResetMemberTwoFactorCommand(Guid UserId) : ICommand<RevokedSessions>, IRequireFreshSession;

public sealed class ResetMemberTwoFactorHandler(
    SecondFactorCheck secondFactors,
    ISecondFactorNotices notices,
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    ICurrentTenant tenant,
    TimeProvider clock,
    ILogger<ResetMemberTwoFactorHandler> logger) : ICommandHandler<ResetMemberTwoFactorCommand, RevokedSessions>
{
    public async ValueTask<RevokedSessions> Handle(ResetMemberTwoFactorCommand command, CancellationToken cancellationToken)
    {
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no such member in this workspace.");

        var now = clock.GetUtcNow();
        await secondFactors.RemoveAsync(member, cancellationToken);
        await db.DropPendingSignInsAsync(member.Id, cancellationToken);
        var sessions = await db.Sessions.Live(now).Where(s => s.UserId == member.Id).ToListAsync(cancellationToken);
        var reason = member.Id == current.UserId ? RevokeReasons.RevokedByUser : RevokeReasons.RevokedByAdmin;
        var result = store.RevokeUser(member.Id, sessions, SessionEnd.By(current.UserId, reason));
        store.Record(AuditActions.TwoFactorReset, tenant.Id, member.Id, null, $"{result.Count} sessions ended");
        await notices.TwoFactorResetByAdminAsync(member, current.UserId!.Value, cancellationToken);
        logger.LogInformation("Admin {AdminId} reset the second factor of user {UserId}; {Count} sessions ended", current.UserId, member.Id, result.Count);
        return result;
    }
}
