using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;

namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// This node's in-memory copy of the revocation feed: ended sessions, and "not before" instants per user and per
/// tenant. Checked on every cookie-cache hit with a hash lookup. Entries older than the cookie-cache window are
/// dropped: no cache cookie issued before them can still be within its lifetime.
/// </summary>
public sealed class RevocationList(ITenantStore tenants, IOptions<SessionEngineOptions> options, TimeProvider clock) : IRevocationFeed
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _sessions = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _users = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _tenants = new();
    private readonly Lock _pruneLock = new();
    private int _generation;
    private DateTimeOffset _lastPrune;
    private Func<bool> _trusted = static () => true;
    private Func<CancellationToken, Task<bool>>? _catchUp;

    public bool IsTrusted => _trusted();

    /// <summary>Changes on every <see cref="Clear"/>, so a poller knows to start over.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Lets a cross-node transport (polling, Redis) say when this node may have missed entries, and how to catch up on
    /// demand (<see cref="CatchUpAsync"/>).
    /// </summary>
    public void SetTrustSource(Func<bool> trusted, Func<CancellationToken, Task<bool>>? catchUp = null)
    {
        _trusted = trusted;
        _catchUp = catchUp;
    }

    public ValueTask<bool> CatchUpAsync(CancellationToken cancellationToken) =>
        IsTrusted ? ValueTask.FromResult(true)
        : _catchUp is { } catchUp ? new ValueTask<bool>(catchUp(cancellationToken))
        : ValueTask.FromResult(false);

    /// <summary>
    /// How long after a user's or tenant's "not before" instant a cache cookie is still sent to the database. The unit
    /// of work stamps the instant just before the revoking command's <c>SaveChanges</c>, so it precedes the commit by
    /// the time the save takes; a request that read the session row before that commit may mint its cache cookie a
    /// moment after the instant, from data the revocation has since changed (the old token of a step-up, say). Such a
    /// cookie must not outlive the revocation for the whole cache lifetime, and this margin covers the save. The cost
    /// is one database validation per request for the user or tenant in that window.
    /// </summary>
    public static readonly TimeSpan CommitMargin = TimeSpan.FromSeconds(5);

    public bool IsRevoked(Guid sessionId, Guid userId, Guid? tenantId, DateTimeOffset cacheIssuedAt) =>
        _sessions.ContainsKey(sessionId)
        || (_users.TryGetValue(userId, out var userNotBefore) && cacheIssuedAt <= userNotBefore + CommitMargin)
        || (tenantId is { } tid && _tenants.TryGetValue(tid, out var tenantNotBefore) && cacheIssuedAt <= tenantNotBefore + CommitMargin);

    public void Apply(RevocationEntry entry)
    {
        switch (entry.Kind)
        {
            case RevocationKind.Session:
                _sessions[entry.TargetId] = entry.CreatedAt;
                break;
            case RevocationKind.User:
                _users.AddOrUpdate(entry.TargetId, entry.CreatedAt, (_, old) => old > entry.CreatedAt ? old : entry.CreatedAt);
                break;
            case RevocationKind.Tenant:
                _tenants.AddOrUpdate(entry.TargetId, entry.CreatedAt, (_, old) => old > entry.CreatedAt ? old : entry.CreatedAt);
                tenants.Invalidate(entry.TargetId);
                break;
            case RevocationKind.TenantChanged:
                tenants.Invalidate(entry.TargetId);
                break;
        }

        PruneIfDue();
    }

    /// <summary>Forgets every entry (the feed table was replaced, e.g. a restore); the next poll starts from scratch.</summary>
    public void Clear()
    {
        _sessions.Clear();
        _users.Clear();
        _tenants.Clear();
        Interlocked.Increment(ref _generation);
    }

    /// <summary>How far back entries matter: a cache cookie lives at most this long.</summary>
    public TimeSpan Window => options.Value.CookieCacheMaxAge + TimeSpan.FromMinutes(1);

    private void PruneIfDue()
    {
        var now = clock.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromMinutes(1))
        {
            return;
        }

        lock (_pruneLock)
        {
            _lastPrune = now;
            var cutoff = now - Window;
            foreach (var map in new[] { _sessions, _users, _tenants })
            {
                foreach (var (key, at) in map)
                {
                    if (at < cutoff)
                    {
                        map.TryRemove(key, out _);
                    }
                }
            }
        }
    }
}
