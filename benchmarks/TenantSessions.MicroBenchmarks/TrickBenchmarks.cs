using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.MicroBenchmarks;

/// <summary>
/// Each hand-made trick of the hot path (docs/benchmarks.md's table) beside the plain code it replaced, in one run, so
/// that a trick is kept only where it pays: the cookie body's hand-written JSON against System.Text.Json's
/// source-generated serializer (both ways), one <see cref="AesGcm"/> per thread against one per open, the hand-written
/// <c>get-session</c> answer against the serializer, and the counter-based command id against <see cref="Guid.NewGuid"/>.
/// Since ADR-016 the first two run only on a node's first opening of a cookie, which is every request for a person
/// whose cookie the node has not seen yet. Run: <c>benchmarks/micro.sh --filter '*Trick*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TrickBenchmarks
{
    private static readonly Guid Prefix = Guid.NewGuid();
    private static long s_count;

    private SessionPayload _payload = null!;
    private byte[] _body = null!;
    private byte[] _key = null!;
    private byte[] _nonce = null!;
    private byte[] _sealed = null!;
    private byte[] _tag = null!;
    private byte[] _opened = null!;
    private AesGcm _cipher = null!;
    private JsonSerializerOptions _apiOptions = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        _payload = new SessionPayload(
            Guid.CreateVersion7(), Guid.CreateVersion7(), "bob@acme.test", "Bob Builder", ["Member"], Guid.CreateVersion7(), "acme", "Acme Corp",
            TenantStatus.Active, 3, _now.AddHours(-1), _now.AddMinutes(-10), _now.AddHours(-1), _now.AddDays(7), _now.AddDays(30), true, "203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        _body = CacheBodyJson.Write(_payload, _now, _now.AddMinutes(5)).ToArray();
        _key = RandomNumberGenerator.GetBytes(32);
        _nonce = RandomNumberGenerator.GetBytes(12);
        _sealed = new byte[_body.Length];
        _tag = new byte[16];
        _opened = new byte[_body.Length];
        _cipher = new AesGcm(_key, 16);
        _cipher.Encrypt(_nonce, _body, _sealed, _tag);
        _apiOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(_apiOptions);
        if (!CacheBodyJson.TryRead(_body, out _, out _, out _) || SerializerBodyRead() is null)
        {
            throw new InvalidOperationException("The benchmark's cookie body does not read back.");
        }
    }

    [Benchmark(Baseline = true, Description = "cookie body read: hand-written (CacheBodyJson)")]
    public SessionPayload? HandWrittenBodyRead() => CacheBodyJson.TryRead(_body, out var payload, out _, out _) ? payload : null;

    [Benchmark(Description = "cookie body read: System.Text.Json, source-generated, then copied into the payload")]
    public SessionPayload? SerializerBodyRead() =>
        JsonSerializer.Deserialize(_body, BodyContext.Default.SerializerBody) is { } b
            ? new SessionPayload(b.Sid, b.Uid, b.Em, b.Nm, b.Ro, b.Tid, b.Tsl, b.Tnm, b.Tst, b.Tv, b.Ca, b.Ua, b.Aa, b.Ea, b.Xa, b.P, b.Ip, b.Ag)
            : null;

    [Benchmark(Description = "cookie body write: hand-written (CacheBodyJson)")]
    public int HandWrittenBodyWrite() => CacheBodyJson.Write(_payload, _now, _now.AddMinutes(5)).Length;

    [Benchmark(Description = "cookie body write: System.Text.Json, source-generated")]
    public int SerializerBodyWrite()
    {
        var p = _payload;
        return JsonSerializer.SerializeToUtf8Bytes(
            new SerializerBody(p.SessionId, p.UserId, p.Email, p.Name, [.. p.Roles], p.TenantId, p.TenantSlug, p.TenantName, p.TenantStatus, p.TenantVersion,
                p.CreatedAt, p.UpdatedAt, p.AuthenticatedAt, p.ExpiresAt, p.AbsoluteExpiresAt, p.IsPersistent, p.IpAddress, p.UserAgent, _now, _now.AddMinutes(5)),
            BodyContext.Default.SerializerBody).Length;
    }

    [Benchmark(Description = "AES-GCM open: one cipher kept (per thread and key)")]
    public byte KeptCipherOpen()
    {
        _cipher.Decrypt(_nonce, _sealed, _tag, _opened);
        return _opened[0];
    }

    [Benchmark(Description = "AES-GCM open: a new cipher per open")]
    public byte NewCipherOpen()
    {
        using var cipher = new AesGcm(_key, 16);
        cipher.Decrypt(_nonce, _sealed, _tag, _opened);
        return _opened[0];
    }

    [Benchmark(Description = "get-session answer: hand-written writer")]
    public long HandWrittenAnswer()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = _apiOptions.Encoder, SkipValidation = true });
        GetSessionResponse.Write(writer, _payload);
        writer.Flush();
        return buffer.WrittenCount;
    }

    [Benchmark(Description = "get-session answer: System.Text.Json over the response record")]
    public long SerializerAnswer()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = _apiOptions.Encoder });
        JsonSerializer.Serialize(writer, GetSessionResponse.From(_payload), _apiOptions);
        writer.Flush();
        return buffer.WrittenCount;
    }

    [Benchmark(Description = "command id: process prefix and counter")]
    public Guid CounterCommandId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Prefix.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Interlocked.Increment(ref s_count));
        return new Guid(bytes);
    }

    [Benchmark(Description = "command id: Guid.NewGuid")]
    public Guid RandomCommandId() => Guid.NewGuid();
}

/// <summary>The cookie body as a plain record for System.Text.Json: the same property names as <see cref="CacheBodyJson"/> writes.</summary>
public sealed record SerializerBody(
    [property: JsonPropertyName("sid")] Guid Sid, [property: JsonPropertyName("uid")] Guid Uid, [property: JsonPropertyName("em")] string Em,
    [property: JsonPropertyName("nm")] string Nm, [property: JsonPropertyName("ro")] string[] Ro, [property: JsonPropertyName("tid")] Guid? Tid,
    [property: JsonPropertyName("tsl")] string? Tsl, [property: JsonPropertyName("tnm")] string? Tnm, [property: JsonPropertyName("tst")] TenantStatus? Tst,
    [property: JsonPropertyName("tv")] int Tv, [property: JsonPropertyName("ca")] DateTimeOffset Ca, [property: JsonPropertyName("ua")] DateTimeOffset Ua,
    [property: JsonPropertyName("aa")] DateTimeOffset Aa, [property: JsonPropertyName("ea")] DateTimeOffset Ea, [property: JsonPropertyName("xa")] DateTimeOffset Xa,
    [property: JsonPropertyName("p")] bool P, [property: JsonPropertyName("ip")] string? Ip, [property: JsonPropertyName("ag")] string? Ag,
    [property: JsonPropertyName("iat")] DateTimeOffset Iat, [property: JsonPropertyName("exp")] DateTimeOffset Exp);

[JsonSerializable(typeof(SerializerBody))]
internal sealed partial class BodyContext : JsonSerializerContext;
