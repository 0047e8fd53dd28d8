using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// Keeps one command per connection of <see cref="SessionRowReader"/>'s SQLite contexts, so that the row query is
/// prepared once per connection rather than on every database check: EF Core creates a new <see cref="DbCommand"/> for
/// every execution and disposes it afterwards, and Microsoft.Data.Sqlite keeps a command's prepared statements on the
/// command object, so <c>sqlite3_prepare_v2</c> of the row query ran on every check (the largest single cost of the
/// database path in the profile). This interceptor hands EF the connection's kept command, wrapped so that EF's
/// dispose leaves it prepared. EF still sets its text and parameters on every execution (Microsoft.Data.Sqlite
/// discards the prepared statements when the text changes, so another query on these contexts stays correct, only
/// not faster), and every other interceptor still sees each execution. The command goes with its connection.
/// </summary>
internal sealed class KeptStatements : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbConnection, KeptCommand> _commands = new();

    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        InterceptionResult<DbCommand>.SuppressWithResult(_commands.GetValue(eventData.Connection, static connection => new KeptCommand(connection.CreateCommand())));

    /// <summary>A command whose <see cref="IDisposable.Dispose"/> keeps the inner command (and its prepared statements) for the next execution.</summary>
    private sealed class KeptCommand(DbCommand inner) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        protected override DbConnection? DbConnection { get => inner.Connection; set => inner.Connection = value; }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value; }

        public override void Cancel() => inner.Cancel();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override void Prepare() => inner.Prepare();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            inner.ExecuteReaderAsync(behavior, cancellationToken);

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => inner.ExecuteNonQueryAsync(cancellationToken);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => inner.ExecuteScalarAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            // Kept: EF disposes every command after its reader; the inner command lives as long as its connection.
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
