namespace TenantSessions.Application.Sessions;

/// <summary>
/// One purge batch as one statement: deletes up to <c>batchSize</c> purgeable sessions oldest first along the
/// purge key (<c>ExpiresAt</c> for expired sessions, <c>RevokedAt</c> for revoked history), starting at
/// <c>from</c>, and returns what it deleted. No ids travel to the application and back, and the per-tenant counts
/// are exact, because they come from the deleted rows themselves.
/// </summary>
public interface ISessionPurgeStore
{
    /// <summary>Unrevoked sessions whose <c>ExpiresAt</c> is before <paramref name="expiredBefore"/>.</summary>
    Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    /// <summary>Revoked sessions whose <c>RevokedAt</c> is before <paramref name="revokedBefore"/>.</summary>
    Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="batchSize"/> revocation-feed entries created before <paramref name="createdBefore"/>, oldest first.</summary>
    Task<int> DeleteFeedEntriesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="batchSize"/> audit events from before <paramref name="before"/>, oldest first: of the
    /// workspace <paramref name="tenantId"/>, or (null) of every workspace not in <paramref name="exceptTenants"/> and
    /// the platform's own.
    /// </summary>
    Task<int> DeleteAuditEventsAsync(Guid? tenantId, IReadOnlyCollection<Guid> exceptTenants, DateTimeOffset before, int batchSize, CancellationToken cancellationToken);
}

/// <summary>A deleted session: its tenant (null: a platform session) and its purge key.</summary>
public sealed record PurgedSession(Guid? TenantId, DateTimeOffset Key);
