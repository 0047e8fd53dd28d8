using System.Buffers;
using System.Text.Json;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Infrastructure.SessionEngine.CookieCache;

/// <summary>
/// The cookie cache's sealed JSON, written and read by hand with <see cref="Utf8JsonWriter"/> and
/// <see cref="Utf8JsonReader"/>: straight from a <see cref="SessionPayload"/> to UTF-8 and back, with no intermediate
/// body object, and role names taken from the model's constants instead of allocated on every cache hit. (A shared
/// string pool for every string was tried: it halved the allocations but its lock made a cache hit slower.) A cache hit reads this body on every request, so its allocations are the hot path's
/// (docs/benchmarks.md, micro-benchmarks). Short property names keep the cookie small.
/// <para>
/// The format: short names, ISO 8601 instants, the tenant status as a number, nulls written out. A cookie lives five
/// minutes and the product has not shipped, so no earlier format is kept readable. The body is
/// authenticated (AES-GCM) before it is read, so only this server wrote it; still, anything that does not parse is a
/// miss (<see langword="false"/>), never an exception, and unknown properties are skipped.
/// </para>
/// </summary>
internal static class CacheBodyJson
{
    private static ReadOnlySpan<byte> SessionId => "sid"u8;
    private static ReadOnlySpan<byte> UserId => "uid"u8;
    private static ReadOnlySpan<byte> Email => "em"u8;
    private static ReadOnlySpan<byte> Name => "nm"u8;
    private static ReadOnlySpan<byte> Roles => "ro"u8;
    private static ReadOnlySpan<byte> TenantId => "tid"u8;
    private static ReadOnlySpan<byte> TenantSlug => "tsl"u8;
    private static ReadOnlySpan<byte> TenantName => "tnm"u8;
    private static ReadOnlySpan<byte> TenantStatusName => "tst"u8;
    private static ReadOnlySpan<byte> TenantVersion => "tv"u8;
    private static ReadOnlySpan<byte> CreatedAt => "ca"u8;
    private static ReadOnlySpan<byte> UpdatedAt => "ua"u8;
    private static ReadOnlySpan<byte> AuthenticatedAt => "aa"u8;
    private static ReadOnlySpan<byte> ExpiresAt => "ea"u8;
    private static ReadOnlySpan<byte> AbsoluteExpiresAt => "xa"u8;
    private static ReadOnlySpan<byte> IsPersistent => "p"u8;
    private static ReadOnlySpan<byte> IpAddress => "ip"u8;
    private static ReadOnlySpan<byte> UserAgent => "ag"u8;
    private static ReadOnlySpan<byte> IssuedAt => "iat"u8;
    private static ReadOnlySpan<byte> ImpersonatedBy => "imp"u8;
    private static ReadOnlySpan<byte> CacheExpiresAt => "exp"u8;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Writes the body into a buffer of this thread: the bytes are valid until the next <see cref="Write"/> on the same
    /// thread (sealing needs the plaintext only until it is encrypted, with no await in between).
    /// </summary>
    public static ReadOnlySpan<byte> Write(SessionPayload p, DateTimeOffset issuedAt, DateTimeOffset cacheExpiresAt)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        writer.WriteString(SessionId, p.SessionId);
        writer.WriteString(UserId, p.UserId);
        writer.WriteString(Email, p.Email);
        writer.WriteString(Name, p.Name);
        writer.WriteStartArray(Roles);
        foreach (var role in p.Roles)
        {
            writer.WriteStringValue(role);
        }

        writer.WriteEndArray();
        WriteNullable(writer, TenantId, p.TenantId);
        // WriteString writes a null string as JSON null, as the serializer did.
        writer.WriteString(TenantSlug, p.TenantSlug);
        writer.WriteString(TenantName, p.TenantName);
        if (p.TenantStatus is { } status)
        {
            writer.WriteNumber(TenantStatusName, (int)status);
        }
        else
        {
            writer.WriteNull(TenantStatusName);
        }

        writer.WriteNumber(TenantVersion, p.TenantVersion);
        writer.WriteString(CreatedAt, p.CreatedAt);
        writer.WriteString(UpdatedAt, p.UpdatedAt);
        writer.WriteString(AuthenticatedAt, p.AuthenticatedAt);
        writer.WriteString(ExpiresAt, p.ExpiresAt);
        writer.WriteString(AbsoluteExpiresAt, p.AbsoluteExpiresAt);
        writer.WriteBoolean(IsPersistent, p.IsPersistent);
        writer.WriteString(IpAddress, p.IpAddress);
        writer.WriteString(UserAgent, p.UserAgent);
        if (p.ImpersonatedBy is { } impersonatedBy)
        {
            writer.WriteString(ImpersonatedBy, impersonatedBy);
        }

        writer.WriteString(IssuedAt, issuedAt);
        writer.WriteString(CacheExpiresAt, cacheExpiresAt);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Guid? value)
    {
        if (value is { } guid)
        {
            writer.WriteString(name, guid);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The payload and the cookie's issue and expiry instants, or <see langword="false"/> for anything that does not parse.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out SessionPayload? payload, out DateTimeOffset issuedAt, out DateTimeOffset cacheExpiresAt)
    {
        payload = null;
        issuedAt = cacheExpiresAt = default;
        try
        {
            return Read(json, out payload, out issuedAt, out cacheExpiresAt);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            payload = null;
            return false;
        }
    }

    private static bool Read(ReadOnlySpan<byte> json, out SessionPayload? payload, out DateTimeOffset issuedAt, out DateTimeOffset cacheExpiresAt)
    {
        payload = null;
        issuedAt = cacheExpiresAt = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Guid sessionId = default, userId = default;
        Guid? tenantId = null, impersonatedBy = null;
        string email = "", name = "";
        string? tenantSlug = null, tenantName = null, ipAddress = null, userAgent = null;
        IReadOnlyList<string> roles = [];
        TenantStatus? tenantStatus = null;
        var tenantVersion = 0;
        DateTimeOffset createdAt = default, updatedAt = default, authenticatedAt = default, expiresAt = default, absoluteExpiresAt = default;
        var isPersistent = false;

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (reader.Read())
                {
                    return false;
                }

                payload = new SessionPayload(
                    sessionId, userId, email, name, roles, tenantId, tenantSlug, tenantName, tenantStatus, tenantVersion,
                    createdAt, updatedAt, authenticatedAt, expiresAt, absoluteExpiresAt, isPersistent, ipAddress, userAgent, impersonatedBy);
                return true;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var property = reader.ValueSpan;
            if (reader.ValueIsEscaped || !reader.Read())
            {
                return false;
            }

            switch (property.Length)
            {
                case 1 when property.SequenceEqual(IsPersistent): isPersistent = reader.GetBoolean(); break;
                case 2 when property.SequenceEqual(Email): email = StringOrNull(ref reader) ?? ""; break;
                case 2 when property.SequenceEqual(Name): name = StringOrNull(ref reader) ?? ""; break;
                case 2 when property.SequenceEqual(Roles): roles = ReadRoles(ref reader); break;
                case 2 when property.SequenceEqual(TenantVersion): tenantVersion = reader.GetInt32(); break;
                case 2 when property.SequenceEqual(CreatedAt): createdAt = reader.GetDateTimeOffset(); break;
                case 2 when property.SequenceEqual(UpdatedAt): updatedAt = reader.GetDateTimeOffset(); break;
                case 2 when property.SequenceEqual(AuthenticatedAt): authenticatedAt = reader.GetDateTimeOffset(); break;
                case 2 when property.SequenceEqual(ExpiresAt): expiresAt = reader.GetDateTimeOffset(); break;
                case 2 when property.SequenceEqual(AbsoluteExpiresAt): absoluteExpiresAt = reader.GetDateTimeOffset(); break;
                case 2 when property.SequenceEqual(IpAddress): ipAddress = StringOrNull(ref reader); break;
                case 2 when property.SequenceEqual(UserAgent): userAgent = StringOrNull(ref reader); break;
                case 3 when property.SequenceEqual(SessionId): sessionId = reader.GetGuid(); break;
                case 3 when property.SequenceEqual(UserId): userId = reader.GetGuid(); break;
                case 3 when property.SequenceEqual(TenantId): tenantId = reader.TokenType == JsonTokenType.Null ? null : reader.GetGuid(); break;
                case 3 when property.SequenceEqual(TenantSlug): tenantSlug = StringOrNull(ref reader); break;
                case 3 when property.SequenceEqual(TenantName): tenantName = StringOrNull(ref reader); break;
                case 3 when property.SequenceEqual(TenantStatusName): tenantStatus = reader.TokenType == JsonTokenType.Null ? null : (TenantStatus)reader.GetInt32(); break;
                case 3 when property.SequenceEqual(IssuedAt): issuedAt = reader.GetDateTimeOffset(); break;
                case 3 when property.SequenceEqual(ImpersonatedBy): impersonatedBy = reader.GetGuid(); break;
                case 3 when property.SequenceEqual(CacheExpiresAt): cacheExpiresAt = reader.GetDateTimeOffset(); break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return false;
    }

    /// <summary>A string value or null; anything else does not parse.</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new InvalidOperationException("not a string"),
    };

    /// <summary>A role name: one of the model's constants when it is one (no new string per hit), else the value read.</summary>
    private static string Role(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            foreach (var known in KnownRoles)
            {
                if (reader.ValueTextEquals(known))
                {
                    return known;
                }
            }
        }

        return StringOrNull(ref reader) ?? throw new InvalidOperationException("null role");
    }

    private static readonly string[] KnownRoles = [Domain.Users.Roles.Member, Domain.Users.Roles.TenantAdmin, Domain.Users.Roles.PlatformSuperadmin];

    private static string[] ReadRoles(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidOperationException("not an array");
        }

        // Nearly every member has one role: read it without a list.
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return [];
        }

        var first = Role(ref reader);
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return [first];
        }

        var roles = new List<string>(4) { first };
        do
        {
            roles.Add(Role(ref reader));
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return [.. roles];
    }
}
