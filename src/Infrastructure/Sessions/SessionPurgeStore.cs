using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Sessions;

/// <summary>
/// The purge's batch statements, one dialect per provider: <c>DELETE … RETURNING</c> (SQLite, PostgreSQL) or
/// <c>DELETE … OUTPUT</c> (SQL Server) over the oldest <c>batchSize</c> purgeable rows, found through the
/// <c>(RevokedAt, ExpiresAt)</c> index. Each statement is its own short transaction. The purge condition is repeated
/// in the outer <c>DELETE</c>, so a row that changed between the inner read and the delete is left alone.
/// Expired rows are ordered by <c>RevokedAt, ExpiresAt</c> — the index's own order (<c>RevokedAt</c> is null in all
/// of them): ordered by <c>ExpiresAt</c> alone, PostgreSQL does not see that the index delivers that order and
/// sorts every expired row instead (a parallel sequential scan, 150 ms per batch at a million rows, against 3 ms).
/// </summary>
public abstract class SessionPurgeStore(AppDbContext db) : ISessionPurgeStore
{
    protected AppDbContext Db => db;

    public abstract Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    public static ISessionPurgeStore For(DatabaseProvider provider, AppDbContext db) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteSessionPurgeStore(db),
        DatabaseProvider.Postgres => new PostgresSessionPurgeStore(db),
        DatabaseProvider.SqlServer => new SqlServerSessionPurgeStore(db),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    protected virtual async Task<IReadOnlyList<PurgedSession>> RunAsync(FormattableString sql, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<DeletedRow>(sql).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new PurgedSession(r.TenantId, r.Key));
    }

    private sealed record DeletedRow(Guid? TenantId, DateTimeOffset Key);
}

/// <summary>
/// SQLite stores instants as UTC ticks (<see cref="SqliteAppDbContext"/>). Deleting by a subquery keeps the statement's
/// parameters to three: a 10,000-id <c>IN</c> list costs SQLite a parameter-name lookup per id, quadratic in the batch.
/// </summary>
internal sealed class SqliteSessionPurgeStore(AppDbContext db) : SessionPurgeStore(db)
{
    protected override async Task<IReadOnlyList<PurgedSession>> RunAsync(FormattableString sql, CancellationToken cancellationToken)
    {
        var rows = await Db.Database.SqlQuery<DeletedRow>(sql).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new PurgedSession(r.TenantId, new DateTimeOffset(r.Key, TimeSpan.Zero)));
    }

    public override Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE "RevokedAt" IS NULL AND "ExpiresAt" < {expiredBefore.UtcTicks} AND "Id" IN (
                SELECT "Id" FROM "Sessions"
                WHERE "RevokedAt" IS NULL AND "ExpiresAt" < {expiredBefore.UtcTicks} AND "ExpiresAt" >= {from.UtcTicks}
                ORDER BY "RevokedAt", "ExpiresAt" LIMIT {batchSize})
            RETURNING "TenantId", "ExpiresAt" AS "Key"
            """,
            cancellationToken);

    public override Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE "RevokedAt" < {revokedBefore.UtcTicks} AND "Id" IN (
                SELECT "Id" FROM "Sessions"
                WHERE "RevokedAt" < {revokedBefore.UtcTicks} AND "RevokedAt" >= {from.UtcTicks}
                ORDER BY "RevokedAt" LIMIT {batchSize})
            RETURNING "TenantId", "RevokedAt" AS "Key"
            """,
            cancellationToken);

    private sealed record DeletedRow(Guid? TenantId, long Key);
}

/// <summary>
/// PostgreSQL deletes by the physical row ids the inner scan found (a TID scan: no second walk down the primary key).
/// A row updated meanwhile has a new row id and is not deleted by this batch.
/// </summary>
internal sealed class PostgresSessionPurgeStore(AppDbContext db) : SessionPurgeStore(db)
{
    public override Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE "RevokedAt" IS NULL AND "ExpiresAt" < {expiredBefore} AND ctid = ANY(ARRAY(
                SELECT ctid FROM "Sessions"
                WHERE "RevokedAt" IS NULL AND "ExpiresAt" < {expiredBefore} AND "ExpiresAt" >= {from}
                ORDER BY "RevokedAt", "ExpiresAt" LIMIT {batchSize}))
            RETURNING "TenantId", "ExpiresAt" AS "Key"
            """,
            cancellationToken);

    public override Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE "RevokedAt" < {revokedBefore} AND ctid = ANY(ARRAY(
                SELECT ctid FROM "Sessions"
                WHERE "RevokedAt" < {revokedBefore} AND "RevokedAt" >= {from}
                ORDER BY "RevokedAt" LIMIT {batchSize}))
            RETURNING "TenantId", "RevokedAt" AS "Key"
            """,
            cancellationToken);
}

/// <summary>SQL Server deletes through an ordered <c>TOP</c> common table expression. Not run here (no SQL Server): see docs/deployment.md.</summary>
internal sealed class SqlServerSessionPurgeStore(AppDbContext db) : SessionPurgeStore(db)
{
    public override Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            WITH [Batch] AS (
                SELECT TOP ({batchSize}) [TenantId], [ExpiresAt] FROM [Sessions]
                WHERE [RevokedAt] IS NULL AND [ExpiresAt] < {expiredBefore} AND [ExpiresAt] >= {from}
                ORDER BY [RevokedAt], [ExpiresAt])
            DELETE FROM [Batch] OUTPUT DELETED.[TenantId], DELETED.[ExpiresAt] AS [Key]
            """,
            cancellationToken);

    public override Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            WITH [Batch] AS (
                SELECT TOP ({batchSize}) [TenantId], [RevokedAt] FROM [Sessions]
                WHERE [RevokedAt] < {revokedBefore} AND [RevokedAt] >= {from}
                ORDER BY [RevokedAt])
            DELETE FROM [Batch] OUTPUT DELETED.[TenantId], DELETED.[RevokedAt] AS [Key]
            """,
            cancellationToken);
}
