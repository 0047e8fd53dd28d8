using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine.Validation;

/// <summary>
/// The database path's one read, on contexts kept for it: a small pool of <see cref="AppDbContext"/> instances, each
/// with its connection opened once and kept open, and on it the prepared <see cref="SessionRowCommand"/>. The profile
/// of the database path (docs/benchmarks.md) showed the primary-key lookup itself as a minor cost next to what
/// surrounded it on every request: building a context and resolving its internal services, renting a pooled connection
/// and returning it (SQLite's pool takes a lock both ways, contended under load), the per-connection settings command
/// and EF Core's SQLite functions registered at every open, preparing the statement. A kept context pays these once.
/// A context that fails (a broken connection, a cancelled read) is disposed, never returned.
/// <para>
/// At most <see cref="MaxContexts"/> contexts exist; a read that finds all of them busy waits for one, like a
/// connection pool at its maximum. (Before, a busy reader built a context beyond the kept ones and disposed it after
/// the read: on PostgreSQL, where a read waits on the network, 32 concurrent requests kept building and discarding
/// contexts, the very cost this class exists to avoid.) On SQLite the bound is also the number of connections a node
/// holds for session reads; on PostgreSQL the kept connections are logical ones over a multiplexing pool of a few physical
/// connections (ADR-015). Idle contexts are reused last in, first out: the few that the load needs stay hot (SQLite keeps a
/// page cache per connection) and the others stay idle.
/// </para>
/// </summary>
internal sealed class SessionRowReader(Func<AppDbContext> createContext) : IDisposable
{
    /// <summary>Contexts (and connections) at most; a read beyond them waits for one to be returned.</summary>
    internal const int MaxContexts = 32;

    private readonly ConcurrentStack<Kept> _idle = new();
    private readonly SemaphoreSlim _slots = new(MaxContexts, MaxContexts);
    private bool _disposed;

    /// <summary>The session row with its user, roles and tenant (<see cref="SessionRowCommand"/>), or null when no row has this id.</summary>
    public Task<SessionRow?> ReadRowAsync(Guid sessionId, CancellationToken cancellationToken) =>
        ReadAsync(sessionId, static (kept, id, cancellationToken) => (kept.Row ??= new SessionRowCommand(kept.Context)).ReadAsync(id, cancellationToken), cancellationToken);

    /// <summary>Any read on a kept context (tests use it to hold contexts busy).</summary>
    public Task<TResult> ReadAsync<TState, TResult>(TState state, Func<AppDbContext, TState, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken) =>
        ReadAsync((state, read), static (kept, s, cancellationToken) => s.read(kept.Context, s.state, cancellationToken), cancellationToken);

    private async Task<TResult> ReadAsync<TState, TResult>(TState state, Func<Kept, TState, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var kept = _idle.TryPop(out var idle) ? idle : new Kept(createContext());
            try
            {
                if (kept.Context.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
                {
                    await kept.Context.Database.OpenConnectionAsync(cancellationToken);
                }

                var result = await read(kept, state, cancellationToken);
                Return(kept);
                return result;
            }
            catch
            {
                kept.Dispose();
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Return(Kept kept)
    {
        if (Volatile.Read(ref _disposed))
        {
            kept.Dispose();
            return;
        }

        _idle.Push(kept);
    }

    /// <summary>A kept context with its open connection and, once the row has been read on it, its prepared row command.</summary>
    private sealed class Kept(AppDbContext context) : IDisposable
    {
        public AppDbContext Context { get; } = context;

        public SessionRowCommand? Row { get; set; }

        public void Dispose()
        {
            Row?.Dispose();
            Context.Dispose();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryPop(out var kept))
        {
            kept.Dispose();
        }
    }
}
