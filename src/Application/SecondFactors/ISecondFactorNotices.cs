using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors;

/// <summary>
/// Account notices about second factors. The e-mail outbox (membership issue) implements it; until then the registered
/// implementation only logs, and nothing is sent.
/// </summary>
public interface ISecondFactorNotices
{
    /// <summary>An admin removed <paramref name="member"/>'s second factor and ended their sessions. Called before the command saves.</summary>
    Task TwoFactorResetByAdminAsync(ApplicationUser member, Guid adminId, CancellationToken cancellationToken);
}
