namespace TenantSessions.Domain.Sessions;

/// <summary>
/// One entry of the revocation feed: a session that ended, or a "not before" instant for a user or a tenant
/// (every cookie cache issued at or before it must be re-checked against the database). Kept at least as long
/// as a cookie cache can live.
/// </summary>
public sealed class RevocationEntry
{
    private RevocationEntry()
    {
    }

    public RevocationEntry(RevocationKind kind, Guid targetId, DateTimeOffset at)
    {
        Kind = kind;
        TargetId = targetId;
        CreatedAt = at;
    }

    /// <summary>An entry another node committed, as it arrives over pub/sub (the id the database gave it included).</summary>
    public static RevocationEntry Restore(long id, RevocationKind kind, Guid targetId, DateTimeOffset at) =>
        new(kind, targetId, at) { Id = id };

    /// <summary>
    /// Moves a staged entry's instant to when its command commits (never earlier): a "not before" stamped when the
    /// command began would let a cache cookie minted while the command was still running look newer than the
    /// revocation.
    /// </summary>
    public void StampAt(DateTimeOffset committingAt)
    {
        if (committingAt > CreatedAt)
        {
            CreatedAt = committingAt;
        }
    }

    public long Id { get; private set; }

    public RevocationKind Kind { get; private set; }

    public Guid TargetId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

public enum RevocationKind
{
    Session = 0,
    User = 1,
    Tenant = 2,
    TenantChanged = 3,
}
