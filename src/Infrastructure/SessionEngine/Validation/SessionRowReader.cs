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
/// </summary>
public sealed class SessionRowReader(Func<AppDbContext> createContext) : IDisposable
{
    /// <summary>Idle contexts kept at most; beyond that a returned one is disposed (bounds the connections a node holds).</summary>
    internal const int MaxIdle = 16;

    private readonly ConcurrentQueue<AppDbContext> _idle = new();
    private int _idleCount;
    private bool _disposed;

    public async Task<TResult> ReadAsync<TState, TResult>(TState state, Func<AppDbContext, TState, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken)
    {
        var context = Rent();
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

    private AppDbContext Rent()
    {
        if (_idle.TryDequeue(out var context))
        {
            Interlocked.Decrement(ref _idleCount);
            return context;
        }

        return createContext();
    }

    private void Return(AppDbContext context)
    {
        if (!Volatile.Read(ref _disposed))
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Enqueue(context);
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        context.Dispose();
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
