using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Passkeys;

namespace TenantSessions.Application.Passkeys;

/// <summary>
/// The rows behind passkey ceremonies (<see cref="PasskeyChallenge"/>): one per options request, used up by the step
/// that checks the browser's answer. Filtered to the current tenant, like the pending sign-ins.
/// </summary>
public static class PasskeyChallenges
{
    /// <summary>Stages a new challenge (saved with the options command) and sweeps the expired ones of every tenant.</summary>
    public static async Task<Guid> IssueChallengeAsync(this IApplicationDbContext db, Guid? tenantId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await db.PasskeyChallenges.IgnoreQueryFilters().Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var id = Guid.CreateVersion7(now);
        db.PasskeyChallenges.Add(new PasskeyChallenge(id, tenantId, now + lifetime));
        return id;
    }

    /// <summary>
    /// Uses the challenge up inside the command's transaction (opened here with <see cref="IUnitOfWork.BeginAsync"/>):
    /// the delete commits with the session it leads to, or rolls back with a command that fails. Of two uses, even
    /// concurrent ones, the second finds nothing to delete (it waits for the first's transaction) and is refused.
    /// </summary>
    public static async Task ConsumeChallengeAsync(this IApplicationDbContext db, IUnitOfWork unitOfWork, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await unitOfWork.BeginAsync(cancellationToken);
        if (await db.PasskeyChallenges.Where(c => c.Id == id && c.ExpiresAt > now).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            throw UsedOrExpired();
        }
    }

    public static RefusalException UsedOrExpired() =>
        new(PasskeyErrors.PasskeyRefused, "This passkey request was already used or has expired. Try again.");
}
