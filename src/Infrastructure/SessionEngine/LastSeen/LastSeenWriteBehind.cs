using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Diagnostics;

namespace TenantSessions.Infrastructure.SessionEngine.LastSeen;

/// <summary><c>LastSeen:*</c>: how often this node writes the "last active" stamps of cache hits.</summary>
internal sealed class LastSeenOptions
{
    public const string SectionName = "LastSeen";

    /// <summary>How often the stamps are written; zero turns the background loop off (tests call <see cref="LastSeenWriteBehind.FlushAsync"/>).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many sessions per UPDATE.</summary>
    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Keeps "last active" true for sessions served from the cookie cache, with no query on the request path. A cache hit
/// only records the session id and the time in memory (<see cref="Record"/>); every <c>LastSeen:FlushInterval</c>
/// this node writes what it collected with one <c>UPDATE … WHERE Id IN (…) AND LastSeenAt &lt; @at</c> per batch, all
/// rows of a batch stamped with the batch's latest time (so "last active" is true to within one interval). The
/// database path keeps writing <c>LastSeenAt</c> itself (at most once per <c>Sessions:LastSeenResolution</c>); under an
/// idle timeout it records here the uses it does not write, so none is lost to that resolution. Stamps
/// not yet written when a node stops are written on shutdown; a crash loses at most one interval of them. The idle
/// timeout reads the row and this node's unwritten stamps (<see cref="LastRecorded"/>): another node's use reaches the
/// row within one interval (ADR-024).
/// </summary>
internal sealed class LastSeenWriteBehind(
    IServiceScopeFactory scopes,
    IOptions<LastSeenOptions> options,
    TimeProvider clock,
    ILogger<LastSeenWriteBehind> logger) : BackgroundService
{
    /// <summary>Tags the batched UPDATE in the SQL (PostgreSQL keeps it; SQLite's UPDATE drops it) for whoever reads the database's logs.</summary>
    public const string QueryTag = "last-seen-write-behind";

    private ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    /// <summary>The stamps a flush has taken and not yet written (so <see cref="LastRecorded"/> still sees them meanwhile).</summary>
    private volatile ConcurrentDictionary<Guid, DateTimeOffset>? _flushing;

    /// <summary>How many sessions wait to be written.</summary>
    public int Pending => _pending.Count;

    /// <summary>A cache hit of <paramref name="sessionId"/> at <paramref name="at"/>: memory only.</summary>
    public void Record(Guid sessionId, DateTimeOffset at) =>
        _pending.AddOrUpdate(sessionId, static (_, at) => at, static (_, previous, at) => at > previous ? at : previous, at);

    /// <summary>
    /// The latest use of <paramref name="sessionId"/> this node recorded and has not yet written, if any: the idle
    /// timeout counts it, so a use served from the cache just before a database check is never missed on this node.
    /// </summary>
    public DateTimeOffset? LastRecorded(Guid sessionId)
    {
        DateTimeOffset? latest = _pending.TryGetValue(sessionId, out var pending) ? pending : null;
        if (_flushing is { } flushing && flushing.TryGetValue(sessionId, out var taken) && (latest is null || taken > latest))
        {
            latest = taken;
        }

        return latest;
    }

    /// <summary>Writes every recorded stamp; returns the number of rows changed.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var taken = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<Guid, DateTimeOffset>());
        if (taken.IsEmpty)
        {
            return 0;
        }

        _flushing = taken;
        try
        {
            return await WriteAsync(taken, cancellationToken);
        }
        finally
        {
            _flushing = null;
        }
    }

    private async Task<int> WriteAsync(ConcurrentDictionary<Guid, DateTimeOffset> taken, CancellationToken cancellationToken)
    {

        var written = 0;
        using var attributed = DatabaseCommandMetrics.CountAs(DatabaseCommandMetrics.LastSeenSource);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var batch in taken.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var ids = batch.Select(p => p.Key).ToList();
            var at = batch.Max(p => p.Value);
            written += await db.Sessions.IgnoreQueryFilters()
                .TagWith(QueryTag)
                .Where(s => ids.Contains(s.Id) && s.LastSeenAt < at)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, at), cancellationToken);
        }

        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FlushInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushQuietlyAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushQuietlyAsync(cancellationToken);
    }

    private async Task FlushQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Writing last-active stamps failed; they are dropped (the database path writes them again)");
        }
    }
}
