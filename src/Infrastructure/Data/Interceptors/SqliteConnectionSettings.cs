using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSessions.Infrastructure.Data.Interceptors;

/// <summary>
/// SQLite runs in write-ahead-log mode (set once per database file by <see cref="DatabaseInitializer"/>): readers
/// never wait for the writer, and a long purge batch does not stall session validation. With WAL, <c>synchronous =
/// NORMAL</c> is the setting SQLite recommends: a commit survives an application crash, only the last commits can
/// be lost on power failure, and commits stop waiting for an fsync each. A writer that finds the write lock taken
/// (by a purge batch, say) waits inside SQLite (<c>busy_timeout</c>), retrying within milliseconds, instead of
/// Microsoft.Data.Sqlite's own retry loop, which sleeps 150 ms between attempts. Both are per-connection settings,
/// so they are applied whenever a connection opens.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string EnableWal = "PRAGMA journal_mode = WAL;";
    public const int BusyTimeoutMilliseconds = 10_000;
    private static readonly string PerConnection = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PerConnection;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PerConnection;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
