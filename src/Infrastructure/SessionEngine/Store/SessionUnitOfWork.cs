using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// Commits a command: one <c>SaveChanges</c>, which EF runs as one transaction, so the session rows, feed entries,
/// audit events and any other row the handler changed (a password hash, a ban) are saved together or not at all.
/// A command that had to write before the save (using up an e-mailed link: a conditional update) opened the
/// transaction early with <see cref="BeginAsync"/>; the save joins it and both commit here, or both roll back.
/// Then, and only then, the staged feed entries are announced, and the ended sessions are remembered for the response
/// (<see cref="SessionAuthenticationHandler"/> clears the cookies of a caller whose own session ended).
/// </summary>
public sealed class SessionUnitOfWork(AppDbContext db, SessionStore store, RevocationAnnouncer announcer, CommittedSessionEnds ends, TimeProvider clock) : IUnitOfWork
{
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The feed's instants are those of the commit, not of the staging: RevocationList.CommitMargin then only has to
        // cover SaveChanges itself, however long the command ran before it.
        store.StampStagedFeed(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }
        catch
        {
            store.ClearStaged();
            await RollbackAsync();
            throw;
        }

        var feed = store.StagedFeed.ToArray();
        ends.Add(store.StagedEnds);
        store.ClearStaged();
        await announcer.AnnounceAsync(feed);
    }

    public async Task RollbackAsync()
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // A connection that broke mid-transaction cannot roll back (the server has abandoned the transaction); the
            // command's own exception, already on its way, is the one that matters.
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}

/// <summary>The sessions that commands of this request (scope) have ended, once committed.</summary>
public sealed class CommittedSessionEnds
{
    private readonly HashSet<Guid> _ended = [];

    public bool Contains(Guid sessionId) => _ended.Contains(sessionId);

    internal void Add(IEnumerable<Guid> sessionIds) => _ended.UnionWith(sessionIds);
}
