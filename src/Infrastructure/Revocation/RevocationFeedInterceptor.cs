using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Infrastructure.Revocation;

/// <summary>
/// Announces feed entries once the unit of work that wrote them has committed: to this node's
/// <see cref="RevocationList"/> at once, and to every <see cref="IRevocationBroadcaster"/> (Redis) for other nodes.
/// One instance per DbContext.
/// </summary>
public sealed class RevocationFeedInterceptor(RevocationList list, IEnumerable<IRevocationBroadcaster> broadcasters) : SaveChangesInterceptor
{
    private readonly List<RevocationEntry> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AnnounceAsync();
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AnnounceAsync().AsTask().GetAwaiter().GetResult();
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _pending.Clear();

    private void Collect(DbContext? context)
    {
        _pending.Clear();
        if (context is not null)
        {
            _pending.AddRange(context.ChangeTracker.Entries<RevocationEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        }
    }

    private async ValueTask AnnounceAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var entries = _pending.ToArray();
        _pending.Clear();
        foreach (var entry in entries)
        {
            list.Apply(entry);
        }

        foreach (var broadcaster in broadcasters)
        {
            await broadcaster.BroadcastAsync(entries);
        }
    }
}

/// <summary>Pushes committed feed entries to other nodes (Redis pub/sub). Must not throw: polling is the safety net.</summary>
public interface IRevocationBroadcaster
{
    ValueTask BroadcastAsync(IReadOnlyList<RevocationEntry> entries);
}
