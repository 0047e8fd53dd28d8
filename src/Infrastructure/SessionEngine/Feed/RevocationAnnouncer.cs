using TenantSessions.Domain.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// Tells this node and the others about feed entries that have been committed: this node's
/// <see cref="RevocationList"/> at once, then every <see cref="IRevocationBroadcaster"/> (Redis pub/sub). Polling the
/// feed table is the safety net for a broadcast that is lost. Only ever called after the commit.
/// </summary>
internal sealed class RevocationAnnouncer(RevocationList list, IEnumerable<IRevocationBroadcaster> broadcasters)
{
    public async ValueTask AnnounceAsync(IReadOnlyList<RevocationEntry> committed)
    {
        if (committed.Count == 0)
        {
            return;
        }

        foreach (var entry in committed)
        {
            list.Apply(entry);
        }

        foreach (var broadcaster in broadcasters)
        {
            await broadcaster.BroadcastAsync(committed);
        }
    }
}

/// <summary>Pushes committed feed entries to other nodes (Redis pub/sub). Must not throw: polling is the safety net.</summary>
internal interface IRevocationBroadcaster
{
    ValueTask BroadcastAsync(IReadOnlyList<RevocationEntry> entries);
}
