using Mediator;
using Microsoft.AspNetCore.Identity;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Queries.GetTwoFactorStatus;

[Authorize]
public sealed record GetTwoFactorStatusQuery : IQuery<TwoFactorStatus>;

/// <param name="Required">The workspace (or the platform) requires a second factor of this person: it can't be turned off.</param>
public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft, bool Required);

public sealed class GetTwoFactorStatusHandler(UserManager<ApplicationUser> users, SecondFactorCheck secondFactors, ICurrentSession current)
    : IQueryHandler<GetTwoFactorStatusQuery, TwoFactorStatus>
{
    public async ValueTask<TwoFactorStatus> Handle(GetTwoFactorStatusQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        var left = user.TwoFactorEnabled ? await secondFactors.RecoveryCodesLeftAsync(user) : 0;
        return new TwoFactorStatus(user.TwoFactorEnabled, left, await secondFactors.IsRequiredAsync(current.Roles.ToList(), cancellationToken));
    }
}
