using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// The database path's one read, on contexts kept for it: a small pool of <see cref="AppDbContext"/> instances, each
/// with its connection opened once and kept open. The profile of the database path (docs/benchmarks.md) showed the
/// primary-key lookup itself as a minor cost next to what surrounded it on every request: building a context and
/// resolving its internal services, renting a pooled connection and returning it (SQLite's pool takes a lock both
/// ways, contended under load), the per-connection settings command and EF Core's SQLite functions registered at
/// every open. A kept context pays these once.
/// <para>
/// Still EF Core, so every command goes through the registered interceptors (the database-command metrics and the
/// tests' command counters see it), and still the compiled row query of <see cref="SessionValidator"/>. The query
/// ignores every query filter (the contexts belong to no tenant; the validator compares the row's tenant with the
/// request's). Each read is its own autocommit statement, so it sees every commit made before it: a revocation is
/// honoured at once. A context that fails (a broken connection, a cancelled read) is disposed, never returned.
/// </para>
/// <para>
/// At most <see cref="MaxContexts"/> contexts exist; a read that finds all of them busy waits for one, like a
/// connection pool at its maximum. (Before, a busy reader built a context beyond the kept ones and disposed it after
/// the read: on PostgreSQL, where a read waits on the network, 32 concurrent requests kept building and discarding
/// contexts, the very cost this class exists to avoid.) The bound is also the number of connections a node holds for
/// session reads.
/// </para>
/// </summary>
public sealed class SessionRowReader(Func<AppDbContext> createContext) : IDisposable
{
    /// <summary>Contexts (and connections) at most; a read beyond them waits for one to be returned.</summary>
    internal const int MaxContexts = 32;

    private readonly ConcurrentQueue<AppDbContext> _idle = new();
    private readonly SemaphoreSlim _slots = new(MaxContexts, MaxContexts);
    private bool _disposed;

    public async Task<TResult> ReadAsync<TState, TResult>(TState state, Func<AppDbContext, TState, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var context = _idle.TryDequeue(out var idle) ? idle : createContext();
            try
            {
                if (context.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
                {
                    await context.Database.OpenConnectionAsync(cancellationToken);
                }

                var result = await read(context, state, cancellationToken);
                Return(context);
                return result;
            }
            catch
            {
                await context.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Return(AppDbContext context)
    {
        if (Volatile.Read(ref _disposed))
        {
            context.Dispose();
            return;
        }

        _idle.Enqueue(context);
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryDequeue(out var context))
        {
            context.Dispose();
        }
    }
}
