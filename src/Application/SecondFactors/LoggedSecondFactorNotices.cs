using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors;

/// <summary>The stand-in until account e-mail exists: records that a notice is due. Sends nothing.</summary>
public sealed class LoggedSecondFactorNotices(ILogger<LoggedSecondFactorNotices> logger) : ISecondFactorNotices
{
    public Task TwoFactorResetByAdminAsync(ApplicationUser member, Guid adminId, CancellationToken cancellationToken)
    {
        logger.LogInformation("Notice due (no e-mail configured): admin {AdminId} reset the second factor of user {UserId}", adminId, member.Id);
        return Task.CompletedTask;
    }
}
