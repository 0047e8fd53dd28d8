using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Infrastructure.Sessions;

/// <summary>
/// The cookie cache: the <see cref="SessionPayload"/> with its issue and expiry instants, authenticated by
/// HMAC-SHA256 over the key id, the payload, the session token's hash and the tenant id. Format:
/// <c>{keyId}.{base64url(json)}.{base64url(mac)}</c>. The MAC is checked before anything is parsed.
/// See ADR-002 for why HMAC rather than Data Protection encryption.
/// </summary>
public sealed class SessionCookieCache(CookieCacheKeyRing keys)
{
    /// <summary>Refuse to even look at values larger than any we could have written.</summary>
    public const int MaxCookieLength = 3800;

    private static readonly byte[] Purpose = "TenantSessions.CookieCache.v1"u8.ToArray();

    public string Write(SessionPayload payload, byte[] tokenHash, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt)
    {
        var (keyId, key) = keys.Current;
        var body = JsonSerializer.SerializeToUtf8Bytes(CacheBody.From(payload, issuedAt, cacheExpiresAt), CacheJson.Default.CacheBody);
        var mac = Mac(key, keyId, body, tokenHash, payload.TenantId);
        return $"{keyId}.{Base64Url.EncodeToString(body)}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>
    /// The payload when the value is authentic, bound to this token and tenant, and not past its cache expiry;
    /// otherwise null (the database decides).
    /// </summary>
    public CachedSession? TryRead(string? value, byte[] tokenHash, Guid? tenantId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCookieLength)
        {
            return null;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !keys.TryGet(parts[0], out var key))
        {
            return null;
        }

        byte[] body;
        byte[] mac;
        try
        {
            body = Base64Url.DecodeFromChars(parts[1]);
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, parts[0], body, tokenHash, tenantId)))
        {
            return null;
        }

        CacheBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, CacheJson.Default.CacheBody);
        }
        catch (JsonException)
        {
            return null;
        }

        if (parsed is null || parsed.TenantId != tenantId || parsed.CacheExpiresAt <= now || parsed.IssuedAt > now + TimeSpan.FromMinutes(1))
        {
            return null;
        }

        return new CachedSession(parsed.ToPayload(), parsed.IssuedAt, parsed.CacheExpiresAt);
    }

    public string? KeyIdOf(string? value) => value?.Split('.', 2)[0] is { Length: > 0 and <= 16 } id ? id : null;

    private static byte[] Mac(byte[] key, string keyId, byte[] body, byte[] tokenHash, Guid? tenantId)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Purpose);
        hmac.AppendData(Encoding.ASCII.GetBytes(keyId));
        hmac.AppendData([0]);
        hmac.AppendData(body);
        hmac.AppendData([0]);
        hmac.AppendData(tokenHash);
        hmac.AppendData((tenantId ?? Guid.Empty).ToByteArray());
        return hmac.GetHashAndReset();
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
        [property: JsonPropertyName("p")] bool IsPersistent,
        [property: JsonPropertyName("ip")] string? IpAddress,
        [property: JsonPropertyName("ag")] string? UserAgent,
        [property: JsonPropertyName("iat")] DateTimeOffset IssuedAt,
        [property: JsonPropertyName("exp")] DateTimeOffset CacheExpiresAt)
    {
        public static CacheBody From(SessionPayload p, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt) =>
            new(p.SessionId, p.UserId, p.Email, p.Name, [.. p.Roles], p.TenantId, p.TenantSlug, p.TenantName, p.TenantStatus, p.TenantVersion,
                p.CreatedAt, p.UpdatedAt, p.AuthenticatedAt, p.ExpiresAt, p.IsPersistent, p.IpAddress, p.UserAgent, issuedAt, cacheExpiresAt);

        public SessionPayload ToPayload() =>
            new(SessionId, UserId, Email, Name, Roles, TenantId, TenantSlug, TenantName, TenantStatus, TenantVersion,
                CreatedAt, UpdatedAt, AuthenticatedAt, ExpiresAt, IsPersistent, IpAddress, UserAgent);
    }
}

public sealed record CachedSession(SessionPayload Payload, DateTimeOffset IssuedAt, DateTimeOffset CacheExpiresAt);

[JsonSerializable(typeof(SessionCookieCache.CacheBody))]
internal sealed partial class CacheJson : JsonSerializerContext;
