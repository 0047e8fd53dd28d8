using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.Sessions;

namespace TenantSessions.UnitTests;

public sealed class SessionCookieCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Acme = Guid.CreateVersion7();
    private static readonly Guid Globex = Guid.CreateVersion7();

    private readonly SessionCookieCache _cache;
    private readonly CookieCacheKeyRing _ring;
    private readonly byte[] _tokenHash = SessionToken.Generate(Guid.CreateVersion7()).Hash;

    public SessionCookieCacheTests()
    {
        var clock = new FakeTimeProvider(Now);
        _ring = new CookieCacheKeyRing(
            new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            new EphemeralDataProtectionProvider(),
            clock,
            NullLogger<CookieCacheKeyRing>.Instance);
        _ring.Install("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) });
        _cache = new SessionCookieCache(_ring);
    }

    [Fact]
    public void AnAuthenticCookieReadsBackTheWholePayload()
    {
        var payload = Payload(Acme);
        var value = _cache.Write(payload, _tokenHash, Now, Now.AddMinutes(5));

        var read = _cache.TryRead(value, _tokenHash, Acme, Now.AddMinutes(1));

        Assert.NotNull(read);
        Assert.Equal(payload with { Roles = read.Payload.Roles }, read.Payload);
        Assert.Equal(payload.Roles, read.Payload.Roles);
        Assert.Equal(Now, read.IssuedAt);
    }

    [Fact]
    public void ACookieIsBoundToItsSessionToken()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, SessionToken.Generate(Guid.CreateVersion7()).Hash, Acme, Now));
    }

    [Fact]
    public void ACookieIsBoundToItsTenant()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, _tokenHash, Globex, Now));
        Assert.Null(_cache.TryRead(value, _tokenHash, null, Now));
    }

    [Fact]
    public void AnExpiredCookieIsIgnored()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, _tokenHash, Acme, Now.AddMinutes(5)));
    }

    [Fact]
    public void EveryFlippedByteIsDetected()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));

        for (var i = 0; i < value.Length; i++)
        {
            var chars = value.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Null(_cache.TryRead(new string(chars), _tokenHash, Acme, Now));
        }
    }

    [Fact]
    public void AReEncodedPayloadWithTheOldMacIsRejected()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));
        var parts = value.Split('.');
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"TenantAdmin\"", "\"PlatformSuperadmin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}.{parts[2]}";

        Assert.Null(_cache.TryRead(forged, _tokenHash, Acme, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k1")]
    [InlineData("k1..")]
    [InlineData("k1.!!!.???")]
    [InlineData("unknown.eyJ9.AAAA")]
    [InlineData("k1.eyJ9.AAAA.extra")]
    public void GarbageIsIgnored(string value)
    {
        Assert.Null(_cache.TryRead(value, _tokenHash, Acme, Now));
    }

    [Fact]
    public void AHugeValueIsIgnoredWithoutParsing()
    {
        Assert.Null(_cache.TryRead(new string('A', 100_000), _tokenHash, Acme, Now));
    }

    [Fact]
    public void TheCookieStaysUnder4096BytesWithTheLongestUserAgent()
    {
        var payload = Payload(Acme) with
        {
            UserAgent = new string('x', ClientInfo.MaxUserAgentLength),
            Name = new string('n', 100),
            Email = new string('e', 240) + "@acme.test",
            TenantName = new string('t', 200),
            Roles = ["Member", "TenantAdmin"],
        };

        var value = _cache.Write(payload, _tokenHash, Now, Now.AddMinutes(5));

        Assert.True(("ts_session_cache=".Length + value.Length) < 4096, $"cookie is {value.Length} bytes");
        Assert.True(value.Length <= SessionCookieCache.MaxCookieLength);
    }

    [Fact]
    public void ACookieSignedWithARetiredKeyStillVerifiesWhileTheKeyIsInTheRing()
    {
        var value = _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5));
        _ring.TryGet("k1", out var k1);
        _ring.Install("k2", new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = RandomNumberGenerator.GetBytes(32) });

        Assert.NotNull(_cache.TryRead(value, _tokenHash, Acme, Now));
        Assert.StartsWith("k2.", _cache.Write(Payload(Acme), _tokenHash, Now, Now.AddMinutes(5)), StringComparison.Ordinal);
    }

    private static SessionPayload Payload(Guid tenantId) => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "alice@acme.test", "Alice", ["TenantAdmin"], tenantId, "acme", "Acme Corp",
        TenantStatus.Active, 3, Now.AddDays(-1), Now.AddHours(-1), Now.AddHours(-1), Now.AddDays(6), true, "127.0.0.1", "Firefox");
}
