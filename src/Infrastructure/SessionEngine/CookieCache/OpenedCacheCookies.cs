using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// The cache cookies this node has opened lately, by their whole value: a browser sends the same cache cookie with
/// every request for up to five minutes, and opening it (base64url, AES-GCM, the JSON body) was most of a cache hit's
/// cost. A value is remembered only after it opened, and a remembered one is trusted only under everything its opening
/// proved: the same key still in the ring, the same presented token (its verifier hash, compared in constant time), the
/// same tenant, and before its cache expiry. The validity rule and the revocation feed still judge every request; this
/// only spares the decryption. At most <see cref="MaxEntries"/> values are kept; when full, the expired go, then all.
/// </summary>
internal sealed class OpenedCacheCookies
{
    public const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(ValueComparer.Instance);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _byValue;

    public OpenedCacheCookies() => _byValue = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The session <paramref name="value"/> opened to, if it was opened here under these same conditions.</summary>
    public CachedSession? TryGet(ReadOnlySpan<char> value, byte[] key, PresentedToken token, Guid? tenantId, DateTimeOffset now)
    {
        if (!_byValue.TryGetValue(value, out var entry))
        {
            return null;
        }

        if (entry.CacheExpiresAt <= now)
        {
            _byValue.TryRemove(value, out _);
            return null;
        }

        return ReferenceEquals(entry.Key, key)
            && entry.TenantId == tenantId
            && entry.Session.Payload.SessionId == token.SessionId
            && CryptographicOperations.FixedTimeEquals(entry.TokenHash, token.Hash)
                ? entry.Session
                : null;
    }

    /// <summary>Remembers a value that has just opened under <paramref name="key"/> for this token and tenant.</summary>
    public void Add(ReadOnlySpan<char> value, byte[] key, PresentedToken token, Guid? tenantId, CachedSession session, DateTimeOffset cacheExpiresAt, DateTimeOffset now)
    {
        if (_entries.Count >= MaxEntries)
        {
            foreach (var (stored, entry) in _entries)
            {
                if (entry.CacheExpiresAt <= now)
                {
                    _entries.TryRemove(stored, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[value.ToString()] = new Entry(session, key, token.Hash, tenantId, cacheExpiresAt);
    }

    private sealed record Entry(CachedSession Session, byte[] Key, byte[] TokenHash, Guid? TenantId, DateTimeOffset CacheExpiresAt);

    /// <summary>
    /// Ordinal equality of the whole value; the hash covers only its last 24 characters, the encoding of the AES-GCM
    /// tag, which is random for every cookie minted (nobody can line up colliding entries: a value is stored only after
    /// it opened under the node's key).
    /// </summary>
    private sealed class ValueComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly ValueComparer Instance = new();

        private static int Hash(ReadOnlySpan<char> value) => string.GetHashCode(value[Math.Max(0, value.Length - 24)..]);

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
    }
}
