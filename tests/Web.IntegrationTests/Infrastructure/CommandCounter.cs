using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// Counts every database command the app sends, so a test can prove a cache hit costs none; while a recording is
/// open it also keeps each command's text and parameters (to look at their query plans).
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;
    private ConcurrentQueue<RecordedCommand>? _recording;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Keeps every command sent from now until the returned recording is disposed.</summary>
    public CommandRecording Record()
    {
        var recording = new CommandRecording(this);
        _recording = recording.Commands;
        return recording;
    }

    private void Seen(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        _recording?.Enqueue(new RecordedCommand(
            command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList()));
    }

    public sealed class CommandRecording(CommandCounter counter) : IDisposable
    {
        public ConcurrentQueue<RecordedCommand> Commands { get; } = new();

        public void Dispose() => counter._recording = null;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }
}

public sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);
