using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// The cookie cache: the <see cref="SessionPayload"/> with its issue and expiry instants, sealed with AES-256-GCM under
/// the newest key of the <see cref="CookieCacheKeyRing"/>. Format: <c>{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>.
/// Nobody who holds the cookie can read it (no e-mail, name, IP or User-Agent in clear), and nobody can forge or alter
/// it. The associated data binds it to the session token (its verifier hash) and the tenant: a cache cookie moved to
/// another session or another workspace does not even decrypt. See ADR-008.
/// </summary>
public sealed class SessionCookieCache(CookieCacheKeyRing keys)
{
    /// <summary>Refuse to even look at values larger than any we could have written.</summary>
    public const int MaxCookieLength = 3800;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = "TenantSessions.CookieCache.v2"u8.ToArray();

    public string Write(SessionPayload payload, byte[] tokenHash, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt)
    {
        var (keyId, key) = keys.Current;
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(CacheBody.From(payload, issuedAt, cacheExpiresAt), CacheJson.Default.CacheBody);
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), AssociatedData(keyId, tokenHash, payload.TenantId));
        }

        return $"{keyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>
    /// The payload when the value decrypts under a key of the ring for this token and tenant, names the presented
    /// session, and is not past its cache expiry; otherwise null, and the database decides.
    /// </summary>
    public CachedSession? TryRead(string? value, PresentedToken token, Guid? tenantId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCookieLength)
        {
            return null;
        }

        var dot = value.IndexOf('.');
        if (dot <= 0 || !keys.TryGet(value[..dot], out var key))
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length < NonceSize + TagSize + 2)
        {
            return null;
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, plaintext.Length),
                sealedBytes.AsSpan(NonceSize + plaintext.Length),
                plaintext,
                AssociatedData(value[..dot], token.Hash, tenantId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        CacheBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(plaintext, CacheJson.Default.CacheBody);
        }
        catch (JsonException)
        {
            return null;
        }

        if (parsed is null || parsed.SessionId != token.SessionId || parsed.TenantId != tenantId
            || parsed.CacheExpiresAt <= now || parsed.IssuedAt > now + TimeSpan.FromMinutes(1))
        {
            return null;
        }

        return new CachedSession(parsed.ToPayload(), parsed.IssuedAt);
    }

    public string? KeyIdOf(string? value) => value?.Split('.', 2)[0] is { Length: > 0 and <= 16 } id ? id : null;

    private static byte[] AssociatedData(string keyId, byte[] tokenHash, Guid? tenantId)
    {
        var data = new byte[Purpose.Length + keyId.Length + 1 + tokenHash.Length + 16];
        var span = data.AsSpan();
        Purpose.CopyTo(span);
        span = span[Purpose.Length..];
        Encoding.ASCII.GetBytes(keyId, span);
        span = span[(keyId.Length + 1)..];
        tokenHash.CopyTo(span);
        (tenantId ?? Guid.Empty).TryWriteBytes(span[tokenHash.Length..]);
        return data;
    }

    internal sealed record CacheBody(
        [property: JsonPropertyName("sid")] Guid SessionId,
        [property: JsonPropertyName("uid")] Guid UserId,
        [property: JsonPropertyName("em")] string Email,
        [property: JsonPropertyName("nm")] string Name,
        [property: JsonPropertyName("ro")] string[] Roles,
        [property: JsonPropertyName("tid")] Guid? TenantId,
        [property: JsonPropertyName("tsl")] string? TenantSlug,
        [property: JsonPropertyName("tnm")] string? TenantName,
        [property: JsonPropertyName("tst")] TenantStatus? TenantStatus,
        [property: JsonPropertyName("tv")] int TenantVersion,
        [property: JsonPropertyName("ca")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("ua")] DateTimeOffset UpdatedAt,
        [property: JsonPropertyName("aa")] DateTimeOffset AuthenticatedAt,
        [property: JsonPropertyName("ea")] DateTimeOffset ExpiresAt,
        [property: JsonPropertyName("xa")] DateTimeOffset AbsoluteExpiresAt,
        [property: JsonPropertyName("p")] bool IsPersistent,
        [property: JsonPropertyName("ip")] string? IpAddress,
        [property: JsonPropertyName("ag")] string? UserAgent,
        [property: JsonPropertyName("iat")] DateTimeOffset IssuedAt,
        [property: JsonPropertyName("exp")] DateTimeOffset CacheExpiresAt)
    {
        public static CacheBody From(SessionPayload p, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt) =>
            new(p.SessionId, p.UserId, p.Email, p.Name, [.. p.Roles], p.TenantId, p.TenantSlug, p.TenantName, p.TenantStatus, p.TenantVersion,
                p.CreatedAt, p.UpdatedAt, p.AuthenticatedAt, p.ExpiresAt, p.AbsoluteExpiresAt, p.IsPersistent, p.IpAddress, p.UserAgent, issuedAt, cacheExpiresAt);

        public SessionPayload ToPayload() =>
            new(SessionId, UserId, Email, Name, Roles, TenantId, TenantSlug, TenantName, TenantStatus, TenantVersion,
                CreatedAt, UpdatedAt, AuthenticatedAt, ExpiresAt, AbsoluteExpiresAt, IsPersistent, IpAddress, UserAgent);
    }
}

/// <summary>A cache cookie that opened: the payload it carries and when it was minted (the feed compares that instant).</summary>
public sealed record CachedSession(SessionPayload Payload, DateTimeOffset IssuedAt);

[JsonSerializable(typeof(SessionCookieCache.CacheBody))]
internal sealed partial class CacheJson : JsonSerializerContext;
