using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// Brings feed rows committed by other nodes into this node's <see cref="RevocationList"/>: every
/// <c>Revocation:PollInterval</c> it reads the rows after its <see cref="FeedCursor"/> (plus the cursor's open gaps),
/// in bounded batches ordered by id. It is also the list's trust source: cookie-cache hits are trusted only while the
/// last complete catch-up started less than <c>Revocation:MaxLag</c> ago. The loop and the lag run on the keyed
/// <see cref="RevocationFeedOptions.ClockKey"/> clock (real time); entry timestamps on the app's clock.
/// </summary>
internal sealed class RevocationFeedPoller : BackgroundService
{
    /// <summary>Tags the poll queries (<c>-- revocation-feed-poll</c>), so diagnostics can tell them from request queries.</summary>
    public const string QueryTag = "revocation-feed-poll";

    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly RevocationList _list;
    private readonly RevocationFeedOptions _options;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _feedClock;
    private readonly ILogger<RevocationFeedPoller> _logger;
    private readonly FeedCursor _cursor = new();
    private readonly SemaphoreSlim _pollLock = new(1, 1);
    private readonly Lock _catchUpLock = new();
    private Task<bool>? _catchUp;
    private long _catchUpFailedAt = long.MinValue;
    private long _caughtUpAt = long.MinValue;
    private int? _generation;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset _lastFailureLog;

    public RevocationFeedPoller(
        IServiceScopeFactory scopes,
        RevocationList list,
        IOptions<RevocationFeedOptions> options,
        TimeProvider clock,
        [FromKeyedServices(RevocationFeedOptions.ClockKey)] TimeProvider feedClock,
        ILogger<RevocationFeedPoller> logger)
    {
        _scopes = scopes;
        _list = list;
        _options = options.Value;
        _clock = clock;
        _feedClock = feedClock;
        _logger = logger;
        list.SetTrustSource(() => IsTrusted, CatchUpAsync);
    }

    /// <summary>
    /// A catch-up asked for by requests whose cache cookie met an untrusted feed: one poll, shared by every request that
    /// asks while it runs, waited for at most <c>MaxLag</c>; after a failed one, none for a poll interval (the database
    /// is then likely down, and the requests go to it and get their 503 there). True when the feed is trusted afterwards.
    /// </summary>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        Task<bool> catchUp;
        lock (_catchUpLock)
        {
            if (_catchUp is not { IsCompleted: false })
            {
                if (_catchUpFailedAt != long.MinValue && _feedClock.GetElapsedTime(_catchUpFailedAt) < _options.PollInterval)
                {
                    return false;
                }

                _catchUp = CatchUpOnceAsync();
            }

            catchUp = _catchUp;
        }

        try
        {
            // Bounded: a poll stuck on an unreachable database must not hold requests longer than the lag we tolerate.
            return await catchUp.WaitAsync(_options.MaxLag, _feedClock, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> CatchUpOnceAsync()
    {
        // Not the request's token: the catch-up is shared, and one caller going away must not cancel it for the others.
        var caughtUp = await PollAsync(CancellationToken.None);
        if (!caughtUp)
        {
            _catchUpFailedAt = _feedClock.GetTimestamp();
        }

        return caughtUp && IsTrusted;
    }

    /// <summary>True while the last complete catch-up is recent enough for this node to have seen every revocation.</summary>
    public bool IsTrusted => Lag is { } lag && lag <= _options.MaxLag;

    /// <summary>Time since the last complete catch-up started; null before the first one.</summary>
    public TimeSpan? Lag
    {
        get
        {
            var caughtUpAt = Volatile.Read(ref _caughtUpAt);
            return caughtUpAt == long.MinValue ? null : _feedClock.GetElapsedTime(caughtUpAt);
        }
    }

    public long Watermark => _cursor.Watermark;

    public int OpenGaps => _cursor.Gaps.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _feedClock);
        try
        {
            do
            {
                await PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads until caught up. False when the database could not be read (logged; trust then runs out after <c>MaxLag</c>).</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        await _pollLock.WaitAsync(cancellationToken);
        try
        {
            var startedAt = _feedClock.GetTimestamp();
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (_generation != _list.Generation)
            {
                await StartOverAsync(db, cancellationToken);
            }

            while (await ReadBatchAsync(db, cancellationToken) == _options.BatchSize)
            {
            }

            _cursor.Expire(_feedClock.GetUtcNow() - _options.GapTimeout);
            Volatile.Write(ref _caughtUpAt, startedAt);
            if (_failingSince is { } since)
            {
                _logger.LogInformation("Revocation feed reachable again after {Outage}; caught up to id {Watermark}", _feedClock.GetUtcNow() - since, _cursor.Watermark);
                _failingSince = null;
            }

            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll loop must outlive any database failure: it is how this node recovers when the database returns.
            LogFailure(exception);
            return false;
        }
        finally
        {
            _pollLock.Release();
        }
    }

    /// <summary>
    /// First poll, or the list was cleared: rows older than the gap timeout are taken as committed, so the cursor
    /// starts at the newest of them; the rows among them still inside the cookie-cache window are applied here, and
    /// everything after the cursor is read by the normal batches (with gap tracking).
    /// </summary>
    private async Task StartOverAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var generation = _list.Generation;
        var now = _clock.GetUtcNow();
        var since = now - _list.Window;
        var settled = now - _options.GapTimeout;
        var settledId = await db.RevocationFeed
            .Where(e => e.CreatedAt <= settled)
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => (long?)e.Id)
            .TagWith(QueryTag)
            .FirstOrDefaultAsync(cancellationToken) ?? 0;

        var after = 0L;
        while (true)
        {
            var rows = await db.RevocationFeed.AsNoTracking()
                .Where(e => e.Id > after && e.Id <= settledId && e.CreatedAt > since)
                .OrderBy(e => e.Id)
                .Take(_options.BatchSize)
                .TagWith(QueryTag)
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                _list.Apply(row);
            }

            if (rows.Count < _options.BatchSize)
            {
                break;
            }

            after = rows[^1].Id;
        }

        _cursor.Reset(settledId);
        _generation = generation;
    }

    private async Task<int> ReadBatchAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await NextBatch(db.RevocationFeed, _cursor, _options.BatchSize).ToListAsync(cancellationToken);

        var now = _feedClock.GetUtcNow();
        foreach (var row in rows)
        {
            _cursor.Observe(row.Id, now);
            _list.Apply(row);
        }

        return rows.Count;
    }

    /// <summary>
    /// The rows after the cursor's watermark and inside its open gaps, in id order. One query shape whatever the gaps
    /// (always <see cref="FeedCursor.MaxGaps"/> parameterised ranges, unused ones empty), so its plan is cached.
    /// </summary>
    public static IQueryable<RevocationEntry> NextBatch(IQueryable<RevocationEntry> feed, FeedCursor cursor, int batchSize)
    {
        var watermark = cursor.Watermark;
        var (from1, to1) = cursor.Slot(0);
        var (from2, to2) = cursor.Slot(1);
        var (from3, to3) = cursor.Slot(2);
        var (from4, to4) = cursor.Slot(3);
        return feed.AsNoTracking()
            .Where(e => e.Id > watermark
                || (e.Id >= from1 && e.Id <= to1)
                || (e.Id >= from2 && e.Id <= to2)
                || (e.Id >= from3 && e.Id <= to3)
                || (e.Id >= from4 && e.Id <= to4))
            .OrderBy(e => e.Id)
            .Take(batchSize)
            .TagWith(QueryTag);
    }

    private void LogFailure(Exception exception)
    {
        var now = _feedClock.GetUtcNow();
        if (_failingSince is null)
        {
            _failingSince = now;
            _lastFailureLog = now;
            _logger.LogWarning(exception, "Cannot read the revocation feed; cookie-cache hits stop being trusted after {MaxLag}", _options.MaxLag);
        }
        else if (now - _lastFailureLog >= FailureLogInterval)
        {
            _lastFailureLog = now;
            _logger.LogWarning("Still cannot read the revocation feed ({Outage} so far): {Error}", now - _failingSince.Value, exception.Message);
        }
    }

    public override void Dispose()
    {
        _pollLock.Dispose();
        base.Dispose();
    }
}
