using System.Security.Cryptography;
using BitFaster.Caching;
using BitFaster.Caching.Lru;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Infrastructure.SessionEngine.CookieCache;

/// <summary>
/// The cache cookies this node has opened lately, by their whole value: a browser sends the same cache cookie with
/// every request for up to five minutes, and opening it (base64url, AES-GCM, the JSON body) was most of a cache hit's
/// cost. A value is remembered only after it opened, and a remembered one is trusted only under everything its opening
/// proved: the same key still in the ring, the same presented token (its verifier hash, compared in constant time), the
/// same tenant, and before its cache expiry. The validity rule and the revocation feed still judge every request; this
/// only spares the decryption.
/// <para>
/// At most <see cref="MaxEntries"/> values are kept, in BitFaster.Caching's <see cref="ConcurrentLru{K,V}"/> (ADR-016):
/// a lookup and an insert stay O(1) when it is full, and it is scan-resistant. A value enters a small "hot" segment and,
/// unless it is brought again, falls through a small "cold" one and out; only values brought again reach the large
/// "warm" segment. So a flood of values each seen once (a person's first request, or many sessions' cookies sent once)
/// evicts other once-seen values, not the cookies of the people who are using the node. Values that did not open are
/// never remembered, so a forged flood changes nothing here.
/// </para>
/// </summary>
internal sealed class OpenedCacheCookies
{
    /// <summary>
    /// 20,000 values of about 0.8 K characters plus their payloads: some 50 MB at most. A node that sees more distinct
    /// people within five minutes opens the rest afresh (about 2.4 µs each), without a cliff.
    /// </summary>
    public const int MaxEntries = 20_000;

    private readonly ConcurrentLru<string, Entry> _entries;
    private readonly IAlternateLookup<ReadOnlySpan<char>, string, Entry> _byValue;

    public OpenedCacheCookies(int capacity = MaxEntries)
    {
        _entries = new ConcurrentLru<string, Entry>(Environment.ProcessorCount, capacity, ValueComparer.Instance);
        _byValue = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many values are remembered now.</summary>
    public int Count => _entries.Count;

    /// <summary>Lookups that found a remembered value, and all lookups, since start (the memo's hit rate, as a metric).</summary>
    public (long Hits, long Total) Lookups => _entries.Metrics.Value is { } metrics ? (metrics.Hits, metrics.Total) : (0, 0);

    /// <summary>The session <paramref name="value"/> opened to, if it was opened here under these same conditions.</summary>
    public CachedSession? TryGet(ReadOnlySpan<char> value, byte[] key, PresentedToken token, Guid? tenantId, DateTimeOffset now)
    {
        if (!_byValue.TryGet(value, out var entry))
        {
            return null;
        }

        if (entry.CacheExpiresAt <= now)
        {
            _byValue.TryRemove(value, out _, out _);
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
    public void Add(ReadOnlySpan<char> value, byte[] key, PresentedToken token, Guid? tenantId, CachedSession session, DateTimeOffset cacheExpiresAt) =>
        _byValue.AddOrUpdate(value, new Entry(session, key, token.Hash, tenantId, cacheExpiresAt));

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
