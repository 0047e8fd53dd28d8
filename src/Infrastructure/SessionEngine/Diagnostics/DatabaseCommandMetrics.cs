using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.SessionEngine.Diagnostics;

/// <summary>
/// Counts every database command EF Core sends (<c>tenantsessions.db.commands</c>), tagged <c>source=feed_poll</c> for
/// the revocation feed poller's queries (tagged <see cref="RevocationFeedPoller.QueryTag"/>), <c>source=last_seen</c>
/// for the last-seen write-behind's batched UPDATE (a background flush, not a request; <see cref="CountAs"/>) and <c>source=app</c> for everything else, so a cache hit's "zero commands" can be read from outside.
/// </summary>
internal sealed class DatabaseCommandMetrics : DbCommandInterceptor
{
    public const string Commands = "tenantsessions.db.commands";

    private static readonly KeyValuePair<string, object?> App = new("source", "app");
    private static readonly KeyValuePair<string, object?> FeedPoll = new("source", "feed_poll");
    private static readonly KeyValuePair<string, object?> LastSeen = new("source", LastSeenSource);
    private const string PollPrefix = "-- " + RevocationFeedPoller.QueryTag;
    public const string LastSeenSource = "last_seen";

    private static readonly AsyncLocal<string?> Attributed = new();

    /// <summary>
    /// Counts the commands sent by this flow (until disposed) under <paramref name="source"/>: a background job's
    /// commands are not requests' commands. (A tag in the SQL would not do: SQLite's UPDATE drops EF's tags.)
    /// </summary>
    public static IDisposable CountAs(string source)
    {
        var previous = Attributed.Value;
        Attributed.Value = source;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Attributed.Value = previous;
    }

    private readonly Counter<long> _commands;

    public DatabaseCommandMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SessionMetrics.MeterName);
        _commands = meter.CreateCounter<long>(Commands, "{command}", "Database commands sent, by source (app, feed_poll, last_seen).");
    }

    private void Seen(DbCommand command)
    {
        if (_commands.Enabled)
        {
            _commands.Add(1, command.CommandText.StartsWith(PollPrefix, StringComparison.Ordinal) ? FeedPoll
                : Attributed.Value == LastSeenSource ? LastSeen
                : App);
        }
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
