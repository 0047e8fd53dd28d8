using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine.CookieCache;

/// <summary>
/// The MAC keys of the cookie cache. Stored in the database, encrypted with Data Protection, so every node signs and
/// verifies with the same ring. The newest key signs; older keys keep verifying until they are dropped from the ring.
/// </summary>
public sealed class CookieCacheKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<CookieCacheKeyRing> logger)
{
    private static readonly TimeSpan RotationPeriod = TimeSpan.FromDays(30);
    private static readonly TimeSpan RetiredKeyLifetime = TimeSpan.FromDays(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("TenantSessions.CookieCacheKeys.v1");
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile Ring? _ring;
    private DateTimeOffset _lastReload;

    public (string Id, byte[] Key) Current => (_ring ?? throw new InvalidOperationException("The cookie cache key ring is not loaded.")).Current;

    public bool TryGet(string id, out byte[] key)
    {
        if (_ring is { } ring && ring.Keys.TryGetValue(id, out var found))
        {
            key = found;
            return true;
        }

        key = [];
        return false;
    }

    /// <summary>The same as <see cref="TryGet(string, out byte[])"/> for an id that is part of a cookie's value, without copying it out.</summary>
    public bool TryGet(ReadOnlySpan<char> id, out byte[] key)
    {
        if (_ring is { } ring && ring.Keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var found))
        {
            key = found;
            return true;
        }

        key = [];
        return false;
    }

    /// <summary>Loads the ring, adding a key when none is current. Safe to call from several nodes at once.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow();
            var stored = await db.Set<CookieCacheKey>().AsNoTracking().ToListAsync(cancellationToken);
            var newest = stored.MaxBy(k => k.CreatedAt);
            if (newest is null || now - newest.CreatedAt >= RotationPeriod)
            {
                var material = RandomNumberGenerator.GetBytes(32);
                newest = new CookieCacheKey
                {
                    Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                    ProtectedKey = _protector.Protect(Convert.ToBase64String(material)),
                    CreatedAt = now,
                };
                db.Set<CookieCacheKey>().Add(newest);
                await db.SaveChangesAsync(cancellationToken);
                stored.Add(newest);
                logger.LogInformation("Created cookie cache key {KeyId}", newest.Id);
            }

            var usable = stored
                .Where(k => k == newest || now - k.CreatedAt < RotationPeriod + RetiredKeyLifetime)
                .ToDictionary(k => k.Id, k => Convert.FromBase64String(_protector.Unprotect(k.ProtectedKey)));
            Install(newest.Id, usable);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Makes <paramref name="currentId"/> the signing key and every key in <paramref name="keys"/> a verifying one.</summary>
    internal void Install(string currentId, IReadOnlyDictionary<string, byte[]> keys)
    {
        _ring = new Ring((currentId, keys[currentId]), keys.ToFrozenDictionary());
        _lastReload = clock.GetUtcNow();
    }

    /// <summary>Reloads when a cookie names a key this node has not seen (another node rotated), at most once a minute.</summary>
    public bool ShouldReloadFor(string id) => !TryGet(id, out _) && clock.GetUtcNow() - _lastReload > TimeSpan.FromMinutes(1);

    private sealed record Ring((string Id, byte[] Key) Current, FrozenDictionary<string, byte[]> Keys);
}
