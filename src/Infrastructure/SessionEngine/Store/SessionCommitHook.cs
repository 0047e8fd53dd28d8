using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.SessionEngine.Store;

/// <summary>
/// The engine's part of a commit. Before the save, the staged feed entries take the instant of the commit, not of the
/// staging: <see cref="RevocationList.CommitMargin"/> then only has to cover <c>SaveChanges</c> itself, however long the
/// command ran before it. After the commit, the ended sessions are remembered for the response
/// (<see cref="SessionAuthenticationHandler"/> clears the cookies of a caller whose own session ended) and the feed
/// entries are announced to the other nodes. A failed save drops what was staged.
/// </summary>
internal sealed class SessionCommitHook(SessionStore store, RevocationAnnouncer announcer, CommittedSessionEnds ends, TimeProvider clock) : ICommitHook
{
    public void Saving() => store.StampStagedFeed(clock.GetUtcNow());

    public async Task CommittedAsync(CancellationToken cancellationToken)
    {
        var feed = store.StagedFeed.ToArray();
        ends.Add(store.StagedEnds);
        store.ClearStaged();
        await announcer.AnnounceAsync(feed);
    }

    public void Failed() => store.ClearStaged();
}
