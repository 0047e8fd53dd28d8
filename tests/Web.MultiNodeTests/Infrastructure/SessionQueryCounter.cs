using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>Counts the commands a node sends that touch the Sessions table (the feed poller's own queries excluded).</summary>
public sealed class SessionQueryCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    private void Observe(DbCommand command)
    {
        var text = command.CommandText;
        var touchesSessions = text.Contains("\"Sessions\"", StringComparison.Ordinal) || text.Contains("[Sessions]", StringComparison.Ordinal);
        if (touchesSessions && !text.Contains(RevocationFeedPoller.QueryTag, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
