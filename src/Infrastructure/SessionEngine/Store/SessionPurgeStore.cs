using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine.Store;

/// <summary>
/// The purge's batch statements, one dialect per provider: <c>DELETE … RETURNING</c> (SQLite, PostgreSQL) or
/// <c>DELETE … OUTPUT</c> (SQL Server) over the oldest <c>batchSize</c> purgeable rows, found through the
/// <c>(RevokedAt, ExpiresAt)</c> index. Each statement is its own short transaction. Expired rows are ordered by
/// <c>RevokedAt, ExpiresAt</c>, the index's own order (<c>RevokedAt</c> is null in all of them): ordered by
/// <c>ExpiresAt</c> alone, PostgreSQL does not see that the index delivers that order and sorts every expired row
/// instead (a parallel sequential scan, 150 ms per batch at a million rows, against 3 ms).
/// </summary>
internal abstract class SessionPurgeStore(AppDbContext db) : ISessionPurgeStore
{
    protected AppDbContext Db => db;

    public abstract Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken);

    public Task<int> DeleteFeedEntriesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken) =>
        db.RevocationFeed
            .Where(e => e.CreatedAt < createdBefore)
            .OrderBy(e => e.Id)
            .Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);

    public Task<int> DeleteAuditEventsAsync(Guid? tenantId, IReadOnlyCollection<Guid> exceptTenants, DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        var events = db.AuditEvents.IgnoreQueryFilters().Where(e => e.At < before);
        events = tenantId is { } id
            ? events.Where(e => e.TenantId == id)
            : events.Where(e => e.TenantId == null || !exceptTenants.Contains(e.TenantId.Value));
        return events.OrderBy(e => e.At).Take(batchSize).ExecuteDeleteAsync(cancellationToken);
    }

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
/// SQLite stores instants as UTC ticks (<see cref="SqliteAppDbContext"/>). The batch is deleted by <c>rowid</c> from a
/// subquery: a 10,000-id <c>IN</c> list of parameters costs SQLite a parameter-name lookup per id, quadratic in the
/// batch. The purge condition is not repeated outside the subquery: the statement is one write transaction on a
/// single-writer database, so nothing changes in between, and without <c>ANALYZE</c> statistics (the app never runs
/// it) SQLite would use the condition to walk the whole purgeable index range for every batch instead of looking the
/// rows up by <c>rowid</c>.
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
            WHERE "rowid" IN (
                SELECT "rowid" FROM "Sessions"
                WHERE "RevokedAt" IS NULL AND "ExpiresAt" < {expiredBefore.UtcTicks} AND "ExpiresAt" >= {from.UtcTicks}
                ORDER BY "RevokedAt", "ExpiresAt" LIMIT {batchSize})
            RETURNING "TenantId", "ExpiresAt" AS "Key"
            """,
            cancellationToken);

    public override Task<IReadOnlyList<PurgedSession>> DeleteRevokedAsync(DateTimeOffset revokedBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE "rowid" IN (
                SELECT "rowid" FROM "Sessions"
                WHERE "RevokedAt" < {revokedBefore.UtcTicks} AND "RevokedAt" >= {from.UtcTicks}
                ORDER BY "RevokedAt" LIMIT {batchSize})
            RETURNING "TenantId", "RevokedAt" AS "Key"
            """,
            cancellationToken);

    private sealed record DeletedRow(Guid? TenantId, long Key);
}

/// <summary>
/// PostgreSQL deletes by the physical row ids the inner scan found (a TID scan: no second walk down the primary key).
/// A row updated by someone else meanwhile has a new row id, and the re-check PostgreSQL makes on it fails, so it is
/// left to the next batch. The purge condition is not repeated outside the subquery: with it, the planner may scan
/// the whole purgeable index range and filter it by row id, which is cheap while the table is small and costs the
/// whole backlog per batch when the statistics are behind.
/// </summary>
internal sealed class PostgresSessionPurgeStore(AppDbContext db) : SessionPurgeStore(db)
{
    public override Task<IReadOnlyList<PurgedSession>> DeleteExpiredAsync(DateTimeOffset expiredBefore, DateTimeOffset from, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(
            $"""
            DELETE FROM "Sessions"
            WHERE ctid = ANY(ARRAY(
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
            WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM "Sessions"
                WHERE "RevokedAt" < {revokedBefore} AND "RevokedAt" >= {from}
                ORDER BY "RevokedAt" LIMIT {batchSize}))
            RETURNING "TenantId", "RevokedAt" AS "Key"
            """,
            cancellationToken);
}

/// <summary>
/// SQL Server deletes through an ordered <c>TOP</c> common table expression, under the locks of the one statement.
/// Not run here (no SQL Server): see docs/deployment.md.
/// </summary>
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
