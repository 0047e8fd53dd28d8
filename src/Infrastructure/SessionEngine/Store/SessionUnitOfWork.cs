using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// Commits a command: one <c>SaveChanges</c>, which EF runs as one transaction, so the session rows, feed entries,
/// audit events and any other row the handler changed (a password hash, a ban) are saved together or not at all.
/// Then, and only then, the staged feed entries are announced, and the ended sessions are remembered for the response
/// (<see cref="SessionAuthenticationHandler"/> clears the cookies of a caller whose own session ended).
/// </summary>
public sealed class SessionUnitOfWork(AppDbContext db, SessionStore store, RevocationAnnouncer announcer, CommittedSessionEnds ends, TimeProvider clock) : IUnitOfWork
{
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The feed's instants are those of the commit, not of the staging: RevocationList.CommitMargin then only has to
        // cover SaveChanges itself, however long the command ran before it.
        store.StampStagedFeed(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            store.ClearStaged();
            throw;
        }

        var feed = store.StagedFeed.ToArray();
        ends.Add(store.StagedEnds);
        store.ClearStaged();
        await announcer.AnnounceAsync(feed);
    }
}

/// <summary>The sessions that commands of this request (scope) have ended, once committed.</summary>
public sealed class CommittedSessionEnds
{
    private readonly HashSet<Guid> _ended = [];

    public bool Contains(Guid sessionId) => _ended.Contains(sessionId);

    internal void Add(IEnumerable<Guid> sessionIds) => _ended.UnionWith(sessionIds);
}
