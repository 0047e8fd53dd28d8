using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// Counts <c>SaveChanges</c> calls (how many times a command commits), and on request makes one kind of database write
/// fail as it is sent, inside the transaction, after the writes before it have run.
/// </summary>
public sealed class WriteFaults : IDbCommandInterceptor, ISaveChangesInterceptor
{
    private volatile string? _failOn;
    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    /// <summary>Every command whose text contains <paramref name="fragment"/> fails until the result is disposed.</summary>
    public IDisposable FailCommandsContaining(string fragment)
    {
        _failOn = fragment;
        return new Disarm(this);
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _saves);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(command);
        return ValueTask.FromResult(result);
    }

    private void ThrowIfArmed(DbCommand command)
    {
        if (_failOn is { } fragment && command.CommandText.Contains(fragment, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Injected fault on a command containing '{fragment}'.");
        }
    }

    private sealed class Disarm(WriteFaults faults) : IDisposable
    {
        public void Dispose() => faults._failOn = null;
    }
}
