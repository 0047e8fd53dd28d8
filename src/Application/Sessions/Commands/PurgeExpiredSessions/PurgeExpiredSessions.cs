using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;

/// <summary>
/// Deletes, across every tenant and in bounded batches, what no request can use any more: sessions that expired more
/// than <c>Sessions:Purge:Grace</c> ago without being revoked (the sliding expiry never passes the absolute cap, so
/// <c>ExpiresAt</c> alone decides), revoked sessions older than
/// <c>Sessions:HistoryRetention</c>, and revocation-feed rows older than the cookie-cache window. Each batch is one
/// short statement, so a run stopped anywhere leaves a consistent database and the next run finishes the work.
/// Audit events older than their workspace's retention (<c>Audit:Retention</c> unless the workspace chose its own) go too.
/// <paramref name="MaxBatches"/> stops the run early (the result then says it is not complete).
/// </summary>
public sealed record PurgeExpiredSessionsCommand(int? MaxBatches = null) : ICommand<PurgeResult>;

public sealed record PurgeResult(
    long ExpiredSessions,
    long RevokedSessions,
    long FeedEntries,
    int Batches,
    bool Completed,
    IReadOnlyList<TenantPurgeCount> Tenants,
    long AuditEvents = 0)
{
    public long Total => ExpiredSessions + RevokedSessions + FeedEntries + AuditEvents;
}

/// <summary>Sessions removed from one tenant (<see cref="TenantId"/> null: platform sessions).</summary>
public sealed record TenantPurgeCount(Guid? TenantId, long ExpiredSessions, long RevokedSessions);

public sealed class PurgeExpiredSessionsHandler(
    ISessionPurgeStore store,
    IApplicationDbContext db,
    IOptions<SessionEngineOptions> options,
    IOptions<AuditOptions> auditOptions,
    SessionMetrics metrics,
    TimeProvider clock,
    ILogger<PurgeExpiredSessionsHandler> logger) : ICommandHandler<PurgeExpiredSessionsCommand, PurgeResult>
{
    private const string Expired = "expired";
    private const string Revoked = "revoked";

    public async ValueTask<PurgeResult> Handle(PurgeExpiredSessionsCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var expiredBefore = now - settings.Purge.Grace;
        var revokedBefore = now - settings.HistoryRetention;
        var feedBefore = now - settings.CookieCacheMaxAge - settings.Purge.FeedMargin;
        var run = new Run(settings.Purge, command.MaxBatches);

        var completed =
            await PurgeFeedAsync(run, feedBefore, cancellationToken)
            && await PurgeSessionsAsync(run, Expired, (from, size, ct) => store.DeleteExpiredAsync(expiredBefore, from, size, ct), cancellationToken)
            && await PurgeSessionsAsync(run, Revoked, (from, size, ct) => store.DeleteRevokedAsync(revokedBefore, from, size, ct), cancellationToken)
            && await PurgeAuditEventsAsync(run, now, cancellationToken);

        var result = run.Result(completed);
        foreach (var tenant in result.Tenants)
        {
            logger.LogInformation(
                "Purged {ExpiredSessions} expired and {RevokedSessions} revoked sessions of tenant {TenantId}",
                tenant.ExpiredSessions, tenant.RevokedSessions, tenant.TenantId?.ToString() ?? SessionMetrics.PlatformTag);
        }

        logger.LogInformation(
            "Session purge {Outcome}: {ExpiredSessions} expired sessions, {RevokedSessions} revoked sessions, {FeedEntries} feed entries, {AuditEvents} audit events in {Batches} batches",
            completed ? "completed" : "stopped early", result.ExpiredSessions, result.RevokedSessions, result.FeedEntries, result.AuditEvents, result.Batches);
        return result;
    }

    private async Task<bool> PurgeFeedAsync(Run run, DateTimeOffset before, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!run.MayStartBatch(cancellationToken))
            {
                return false;
            }

            var deleted = await store.DeleteFeedEntriesAsync(before, run.BatchSize, cancellationToken);
            if (deleted == 0)
            {
                return true;
            }

            run.FeedEntries += deleted;
            run.Batches++;
            metrics.RecordFeedEntriesPurged(deleted);
            if (deleted < run.BatchSize)
            {
                return true;
            }

            await run.PauseAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Each workspace that chose its own retention in its own pass, then everything else under the platform default.
    /// </summary>
    private async Task<bool> PurgeAuditEventsAsync(Run run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var own = await db.Tenants.AsNoTracking()
            .Where(t => t.AuditRetention != null)
            .Select(t => new { t.Id, t.AuditRetention })
            .ToListAsync(cancellationToken);
        var custom = own.Select(t => t.Id).ToArray();
        foreach (var tenant in own)
        {
            var before = now - auditOptions.Value.RetentionFor(tenant.AuditRetention);
            if (!await PurgeAuditBatchesAsync(run, tenant.Id, custom, before, cancellationToken))
            {
                return false;
            }
        }

        return await PurgeAuditBatchesAsync(run, null, custom, now - auditOptions.Value.Retention, cancellationToken);
    }

    private async Task<bool> PurgeAuditBatchesAsync(Run run, Guid? tenantId, IReadOnlyCollection<Guid> custom, DateTimeOffset before, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!run.MayStartBatch(cancellationToken))
            {
                return false;
            }

            var deleted = await store.DeleteAuditEventsAsync(tenantId, custom, before, run.BatchSize, cancellationToken);
            if (deleted == 0)
            {
                return true;
            }

            run.AuditEvents += deleted;
            run.Batches++;
            if (deleted < run.BatchSize)
            {
                return true;
            }

            await run.PauseAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Oldest first along the purge key, each batch one statement (<see cref="ISessionPurgeStore"/>) starting where
    /// the last one ended, so no batch walks again over the index entries of rows already deleted (PostgreSQL keeps
    /// them until vacuum). A session past its expiry or revoked never becomes live again (validation rejects it before
    /// any refresh), so a batch can never take a live session.
    /// </summary>
    private async Task<bool> PurgeSessionsAsync(Run run, string kind, Func<DateTimeOffset, int, CancellationToken, Task<IReadOnlyList<PurgedSession>>> deleteBatch, CancellationToken cancellationToken)
    {
        var from = DateTimeOffset.MinValue;
        while (true)
        {
            if (!run.MayStartBatch(cancellationToken))
            {
                return false;
            }

            var deleted = await deleteBatch(from, run.BatchSize, cancellationToken);
            if (deleted.Count == 0)
            {
                return true;
            }

            run.Batches++;
            from = deleted.Max(s => s.Key);
            foreach (var tenant in deleted.GroupBy(s => s.TenantId))
            {
                var count = tenant.LongCount();
                run.Add(tenant.Key, kind, count);
                metrics.RecordSessionsPurged(tenant.Key, kind, count);
            }

            // A short batch usually means the pass is done, but not always: PostgreSQL leaves out a row that changed
            // while the batch ran. The pass ends on a batch that deletes nothing, without a pause before it.
            if (deleted.Count == run.BatchSize)
            {
                await run.PauseAsync(cancellationToken);
            }
        }
    }

    private sealed class Run(SessionPurgeOptions settings, int? maxBatches)
    {
        private readonly Dictionary<Guid, (long Expired, long Revoked)> _tenants = [];
        private (long Expired, long Revoked) _platform;

        public int BatchSize { get; } = settings.BatchSize;

        public int Batches { get; set; }

        public long FeedEntries { get; set; }

        public long AuditEvents { get; set; }

        public bool MayStartBatch(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return maxBatches is not { } max || Batches < max;
        }

        /// <summary>Real time, not the app clock: the pause spaces out load on the database.</summary>
        public Task PauseAsync(CancellationToken cancellationToken) =>
            settings.BatchPause > TimeSpan.Zero ? Task.Delay(settings.BatchPause, cancellationToken) : Task.CompletedTask;

        public void Add(Guid? tenantId, string kind, long count)
        {
            var current = tenantId is { } id ? _tenants.GetValueOrDefault(id) : _platform;
            var updated = kind == Expired ? (current.Expired + count, current.Revoked) : (current.Expired, current.Revoked + count);
            if (tenantId is { } key)
            {
                _tenants[key] = updated;
            }
            else
            {
                _platform = updated;
            }
        }

        public PurgeResult Result(bool completed)
        {
            var tenants = _tenants
                .Select(t => new TenantPurgeCount(t.Key, t.Value.Expired, t.Value.Revoked))
                .OrderBy(t => t.TenantId)
                .ToList();
            if (_platform != default)
            {
                tenants.Insert(0, new TenantPurgeCount(null, _platform.Expired, _platform.Revoked));
            }

            return new PurgeResult(
                tenants.Sum(t => t.ExpiredSessions),
                tenants.Sum(t => t.RevokedSessions),
                FeedEntries,
                Batches,
                completed,
                tenants,
                AuditEvents);
        }
    }
}
