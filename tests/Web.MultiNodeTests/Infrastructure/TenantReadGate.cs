using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// Holds the next read of the Tenants table after it has executed (its snapshot taken) and before its rows are used,
/// until the test releases it — to put another node's change between a read and the caching of what it read.
/// </summary>
public sealed class TenantReadGate : DbCommandInterceptor
{
    private TaskCompletionSource? _held;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Arm()
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _held.Task;
    }

    public void Release() => _release.TrySetResult();

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FROM \"Tenants\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _held, null) is { } held)
        {
            held.TrySetResult();
            await _release.Task;
        }

        return result;
    }
}
