using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Infrastructure.SessionEngine.CookieCache;

/// <summary>
/// The cookie cache: the <see cref="SessionPayload"/> with its issue and expiry instants, sealed with AES-256-GCM under
/// the newest key of the <see cref="CookieCacheKeyRing"/>. Format: <c>{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>.
/// Nobody who holds the cookie can read it (no e-mail, name, IP or User-Agent in clear), and nobody can forge or alter
/// it. The associated data binds it to the session token (its verifier hash) and the tenant: a cache cookie moved to
/// another session or another workspace does not even decrypt. See ADR-008. A value opened once is remembered for the
/// requests that bring it again (<see cref="OpenedCacheCookies"/>, ADR-016).
/// </summary>
internal sealed class SessionCookieCache(CookieCacheKeyRing keys)
{
    /// <summary>Refuse to even look at values larger than any we could have written.</summary>
    public const int MaxCookieLength = 3800;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxKeyIdLength = 16;
    private const int MaxAssociatedDataLength = 29 + MaxKeyIdLength + 1 + 32 + 16;
    private static ReadOnlySpan<byte> Purpose => "TenantSessions.CookieCache.v2"u8;

    private readonly OpenedCacheCookies? _opened = new();

    /// <summary>For the micro-benchmark of a first opening: a cache that remembers nothing.</summary>
    internal SessionCookieCache(CookieCacheKeyRing keys, bool rememberOpened)
        : this(keys)
    {
        if (!rememberOpened)
        {
            _opened = null;
        }
    }

    /// <summary>The values this node has opened lately (null in the micro-benchmark of a first opening).</summary>
    internal OpenedCacheCookies? Opened => _opened;

    [ThreadStatic]
    private static AesGcm? t_cipher;

    [ThreadStatic]
    private static byte[]? t_cipherKey;

    public string Write(SessionPayload payload, byte[] tokenHash, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt)
    {
        var (keyId, key) = keys.Current;
        var plaintext = CacheBodyJson.Write(payload, issuedAt, cacheExpiresAt);
        var length = NonceSize + plaintext.Length + TagSize;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var sealedBytes = rented.AsSpan(0, length);
            var nonce = sealedBytes[..NonceSize];
            RandomNumberGenerator.Fill(nonce);
            Span<byte> associatedData = stackalloc byte[MaxAssociatedDataLength];
            CipherFor(key).Encrypt(nonce, plaintext, sealedBytes.Slice(NonceSize, plaintext.Length), sealedBytes[(NonceSize + plaintext.Length)..], AssociatedData(associatedData, keyId, tokenHash, payload.TenantId));
            return string.Create(keyId.Length + 1 + Base64Url.GetEncodedLength(length), (keyId, rented, length), static (chars, state) =>
            {
                state.keyId.CopyTo(chars);
                chars[state.keyId.Length] = '.';
                Base64Url.EncodeToChars(state.rented.AsSpan(0, state.length), chars[(state.keyId.Length + 1)..]);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// True when <paramref name="encoded"/> is exactly how <see cref="Write"/> encodes <paramref name="sealedBytes"/>: the
    /// decoder also takes padding, whitespace and stray low bits, and a re-encoded cookie must be ignored like any other
    /// tampering (docs/security-requirements.md case 3), not accepted because it decodes to the same bytes.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<char> encoded, ReadOnlySpan<byte> sealedBytes)
    {
        if (encoded.Length != Base64Url.GetEncodedLength(sealedBytes.Length))
        {
            return false;
        }

        var canonical = ArrayPool<char>.Shared.Rent(encoded.Length);
        try
        {
            var written = Base64Url.EncodeToChars(sealedBytes, canonical);
            return encoded.SequenceEqual(canonical.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(canonical);
        }
    }

    /// <summary>
    /// The payload when the value decrypts under a key of the ring for this token and tenant, names the presented
    /// session, and is not past its cache expiry; otherwise null, and the database decides. A value this node has
    /// opened before under the same conditions is not decrypted again (<see cref="OpenedCacheCookies"/>).
    /// </summary>
    public CachedSession? TryRead(ReadOnlySpan<char> value, PresentedToken token, Guid? tenantId, DateTimeOffset now)
    {
        if (value.IsEmpty || value.Length > MaxCookieLength)
        {
            return null;
        }

        var dot = value.IndexOf('.');
        if (dot <= 0 || dot > MaxKeyIdLength || !keys.TryGet(value[..dot], out var key))
        {
            return null;
        }

        if (_opened?.TryGet(value, key, token, tenantId, now) is { } opened)
        {
            return opened;
        }

        var encoded = value[(dot + 1)..];
        var rented = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length) * 2);
        try
        {
            if (Base64Url.DecodeFromChars(encoded, rented, out _, out var length) != OperationStatus.Done || length < NonceSize + TagSize + 2)
            {
                return null;
            }

            var sealedBytes = rented.AsSpan(0, length);
            if (!IsCanonical(encoded, sealedBytes))
            {
                return null;
            }

            var plaintext = rented.AsSpan(length, length - NonceSize - TagSize);
            Span<byte> associatedData = stackalloc byte[MaxAssociatedDataLength];
            try
            {
                CipherFor(key).Decrypt(
                    sealedBytes[..NonceSize],
                    sealedBytes.Slice(NonceSize, plaintext.Length),
                    sealedBytes[(NonceSize + plaintext.Length)..],
                    plaintext,
                    AssociatedData(associatedData, value[..dot], token.Hash, tenantId));
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }

            if (!CacheBodyJson.TryRead(plaintext, out var payload, out var issuedAt, out var cacheExpiresAt)
                || payload!.SessionId != token.SessionId || payload.TenantId != tenantId
                || cacheExpiresAt <= now || issuedAt > now + TimeSpan.FromMinutes(1))
            {
                return null;
            }

            var session = new CachedSession(payload, issuedAt);
            _opened?.Add(value, key, token, tenantId, session, cacheExpiresAt);
            return session;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public string? KeyIdOf(ReadOnlySpan<char> value)
    {
        var dot = value.IndexOf('.');
        return dot is > 0 and <= MaxKeyIdLength ? value[..dot].ToString() : null;
    }

    /// <summary>
    /// This thread's AES-GCM instance for <paramref name="key"/>: creating one sets up a native cipher context (the
    /// costliest part of a small seal or open), and an instance must not be used by two threads at once.
    /// </summary>
    private static AesGcm CipherFor(byte[] key)
    {
        if (t_cipher is { } cipher && ReferenceEquals(t_cipherKey, key))
        {
            return cipher;
        }

        t_cipher?.Dispose();
        t_cipher = new AesGcm(key, TagSize);
        t_cipherKey = key;
        return t_cipher;
    }

    private static ReadOnlySpan<byte> AssociatedData(Span<byte> buffer, ReadOnlySpan<char> keyId, byte[] tokenHash, Guid? tenantId)
    {
        var length = Purpose.Length + keyId.Length + 1 + tokenHash.Length + 16;
        var span = buffer[..length];
        Purpose.CopyTo(span);
        var rest = span[Purpose.Length..];
        Encoding.ASCII.GetBytes(keyId, rest);
        rest[keyId.Length] = 0;
        rest = rest[(keyId.Length + 1)..];
        tokenHash.CopyTo(rest);
        (tenantId ?? Guid.Empty).TryWriteBytes(rest[tokenHash.Length..]);
        return span;
    }
}

/// <summary>A cache cookie that opened: the payload it carries and when it was minted (the feed compares that instant).</summary>
internal sealed record CachedSession(SessionPayload Payload, DateTimeOffset IssuedAt);
