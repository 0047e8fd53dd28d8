using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.UnitTests;

public sealed class SessionCookieCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Acme = Guid.CreateVersion7();
    private static readonly Guid Globex = Guid.CreateVersion7();

    private readonly SessionCookieCache _cache;
    private readonly CookieCacheKeyRing _ring;
    private static readonly Guid SessionId = Guid.CreateVersion7();
    private readonly PresentedToken _token = SessionToken.TryParse(SessionToken.Generate(SessionId).Token)!;

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
        var value = _cache.Write(payload, _token.Hash, Now, Now.AddMinutes(5));

        var read = _cache.TryRead(value, _token, Acme, Now.AddMinutes(1));

        Assert.NotNull(read);
        Assert.Equal(payload with { Roles = read.Payload.Roles }, read.Payload);
        Assert.Equal(payload.Roles, read.Payload.Roles);
        Assert.Equal(Now, read.IssuedAt);
    }

    [Fact]
    public void ACookieIsBoundToItsSessionToken()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, SessionToken.TryParse(SessionToken.Generate(SessionId).Token)!, Acme, Now));
        Assert.Null(_cache.TryRead(value, _token with { SessionId = Guid.CreateVersion7() }, Acme, Now));
    }

    /// <summary>
    /// A value opened once is not decrypted again (the same read comes back), but only under what its opening proved:
    /// the same token, tenant and key, before its expiry.
    /// </summary>
    [Fact]
    public void AnOpenedCookieIsRememberedOnlyUnderWhatItsOpeningProved()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        var first = _cache.TryRead(value, _token, Acme, Now);

        Assert.NotNull(first);
        Assert.Same(first, _cache.TryRead(value, _token, Acme, Now.AddMinutes(1)));
        Assert.Same(first, _cache.TryRead(value, SessionToken.TryParse(SessionToken.Generate(SessionId).Token)! with { Hash = (byte[])_token.Hash.Clone() }, Acme, Now));
        Assert.Null(_cache.TryRead(value, SessionToken.TryParse(SessionToken.Generate(SessionId).Token)!, Acme, Now));
        Assert.Null(_cache.TryRead(value, _token with { SessionId = Guid.CreateVersion7() }, Acme, Now));
        Assert.Null(_cache.TryRead(value, _token, Globex, Now));
        Assert.Null(_cache.TryRead(value, _token, null, Now));
        Assert.Null(_cache.TryRead(value, _token, Acme, Now.AddMinutes(5)));
        var reopened = _cache.TryRead(value, _token, Acme, Now.AddMinutes(1)); // the expired entry was dropped: opened anew
        Assert.NotNull(reopened);
        Assert.NotSame(first, reopened);
    }

    /// <summary>
    /// Issue 26: the memo at <see cref="OpenedCacheCookies.MaxEntries"/> + 1. The former memo cleared itself when full,
    /// so every person's cookie was opened afresh; now a value in use survives a run of values each seen once, and the
    /// memo never holds more than its bound.
    /// </summary>
    [Fact]
    public void AFullMemoKeepsTheCookieInUseAndStaysWithinItsBound()
    {
        var inUse = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        var first = _cache.TryRead(inUse, _token, Acme, Now);
        Assert.NotNull(first);

        for (var i = 0; i <= OpenedCacheCookies.MaxEntries; i++)
        {
            Assert.NotNull(_cache.TryRead(_cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5)), _token, Acme, Now));
            if (i % 500 == 0)
            {
                Assert.Same(first, _cache.TryRead(inUse, _token, Acme, Now)); // the person keeps using the node
            }
        }

        Assert.Same(first, _cache.TryRead(inUse, _token, Acme, Now));
        Assert.InRange(_cache.Opened!.Count, OpenedCacheCookies.MaxEntries / 2, OpenedCacheCookies.MaxEntries);
    }

    /// <summary>
    /// Issue 26: a flood of values each seen once (three times the bound) cannot evict more than its share: of the 5,000
    /// people who used the node before it (each twice), at least 99 % keep their remembered values, untouched in between
    /// (the scan-resistant segments of ADR-016; the former memo cleared itself and kept none).
    /// </summary>
    [Fact]
    public void AFloodOfValuesSeenOnceDoesNotEvictThePeopleUsingTheNode()
    {
        var people = Enumerable.Range(0, 5_000).Select(_ => _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5))).ToArray();
        var opened = people.Select(value => _cache.TryRead(value, _token, Acme, Now)!).ToArray();
        foreach (var (value, session) in people.Zip(opened))
        {
            Assert.Same(session, _cache.TryRead(value, _token, Acme, Now)); // a second request: remembered
        }

        for (var i = 0; i < 3 * OpenedCacheCookies.MaxEntries; i++)
        {
            _cache.TryRead(_cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5)), _token, Acme, Now);
        }

        var kept = people.Zip(opened).Count(p => ReferenceEquals(p.Second, _cache.TryRead(p.First, _token, Acme, Now)));
        Assert.True(kept >= people.Length * 99 / 100, $"{kept} of {people.Length} kept");
    }

    /// <summary>Issue 26: values that do not open (forged, for another token or tenant) are never remembered.</summary>
    [Fact]
    public void ValuesThatDoNotOpenAreNeverRemembered()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var other = SessionToken.TryParse(SessionToken.Generate(SessionId).Token)!;

        for (var i = 0; i < 2_000; i++)
        {
            var forged = value[..(dot + 1)] + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Base64Url.DecodeFromChars(value.AsSpan(dot + 1)).Length));
            Assert.Null(_cache.TryRead(forged, _token, Acme, Now));
            Assert.Null(_cache.TryRead(_cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5)), other, Acme, Now));
            Assert.Null(_cache.TryRead(_cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5)), _token, Globex, Now));
        }

        Assert.Equal(0, _cache.Opened!.Count);
        Assert.Equal((0L, 6_000L), _cache.Opened.Lookups); // every one looked up, none found
    }

    [Fact]
    public void AnOpenedCookieIsNotTrustedOnceItsKeyLeavesTheRing()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        Assert.NotNull(_cache.TryRead(value, _token, Acme, Now));

        _ring.Install("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) });
        Assert.Null(_cache.TryRead(value, _token, Acme, Now)); // the same key id, other key material

        _ring.Install("k2", new Dictionary<string, byte[]> { ["k2"] = RandomNumberGenerator.GetBytes(32) });
        Assert.Null(_cache.TryRead(value, _token, Acme, Now));
    }

    [Fact]
    public void AnAlteredCopyOfAnOpenedCookieIsStillRejected()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        Assert.NotNull(_cache.TryRead(value, _token, Acme, Now));
        var dot = value.IndexOf('.');

        for (var i = dot + 1; i < value.Length - 24; i += 7)
        {
            var altered = value.ToCharArray();
            altered[i] = altered[i] == 'A' ? 'B' : 'A';
            Assert.Null(_cache.TryRead(new string(altered), _token, Acme, Now));
        }
    }

    [Fact]
    public void ACookieIsBoundToItsTenant()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, _token, Globex, Now));
        Assert.Null(_cache.TryRead(value, _token, null, Now));
    }

    [Fact]
    public void AnExpiredCookieIsIgnored()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));

        Assert.Null(_cache.TryRead(value, _token, Acme, Now.AddMinutes(5)));
    }

    [Fact]
    public void EveryFlippedCharacterIsDetected()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));

        for (var i = 0; i < value.Length; i++)
        {
            var chars = value.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Null(_cache.TryRead(new string(chars), _token, Acme, Now));
        }
    }

    [Fact]
    public void EveryTruncationIsDetected()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));

        for (var length = 0; length < value.Length; length++)
        {
            Assert.Null(_cache.TryRead(value.AsSpan(0, length), _token, Acme, Now));
        }
    }

    [Fact]
    public void AReEncodedCookieIsRejected()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var sealedBytes = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));

        // The same bytes in standard Base64 (with '+', '/' and padding), in hex, and with the key id's case changed.
        string[] reEncoded =
        [
            value[..(dot + 1)] + Convert.ToBase64String(sealedBytes),
            value[..(dot + 1)] + Convert.ToHexString(sealedBytes),
            value[..dot].ToUpperInvariant() + value[dot..],
            value + "=",
            value + "==",
        ];

        Assert.NotNull(_cache.TryRead(value, _token, Acme, Now));
        foreach (var candidate in reEncoded.Where(c => c != value))
        {
            Assert.Null(_cache.TryRead(candidate, _token, Acme, Now));
        }
    }

    [Fact]
    public void TheCookieShowsNoPersonalData()
    {
        var payload = Payload(Acme);

        var value = _cache.Write(payload, _token.Hash, Now, Now.AddMinutes(5));

        var decoded = Encoding.Latin1.GetString(Base64Url.DecodeFromChars(value.AsSpan(value.IndexOf('.') + 1)));
        foreach (var secret in new[] { payload.Email, "alice", payload.Name, payload.IpAddress!, payload.UserAgent!, "Acme Corp", "TenantAdmin" })
        {
            Assert.DoesNotContain(secret, decoded, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, value, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void TheSameSessionSealsDifferentlyEachTime()
    {
        var payload = Payload(Acme);

        Assert.NotEqual(_cache.Write(payload, _token.Hash, Now, Now.AddMinutes(5)), _cache.Write(payload, _token.Hash, Now, Now.AddMinutes(5)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k1")]
    [InlineData("k1..")]
    [InlineData("k1.!!!.???")]
    [InlineData("unknown.eyJ9AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("k1.eyJ9.AAAA.extra")]
    [InlineData("k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void GarbageIsIgnored(string value)
    {
        Assert.Null(_cache.TryRead(value, _token, Acme, Now));
    }

    [Fact]
    public void AHugeValueIsIgnoredWithoutParsing()
    {
        Assert.Null(_cache.TryRead(new string('A', 100_000), _token, Acme, Now));
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

        var value = _cache.Write(payload, _token.Hash, Now, Now.AddMinutes(5));

        Assert.True(("ts_session_cache=".Length + value.Length) < 4096, $"cookie is {value.Length} bytes");
        Assert.True(value.Length <= SessionCookieCache.MaxCookieLength);
    }

    [Fact]
    public void ACookieSignedWithARetiredKeyStillVerifiesWhileTheKeyIsInTheRing()
    {
        var value = _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5));
        _ring.TryGet("k1", out var k1);
        _ring.Install("k2", new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = RandomNumberGenerator.GetBytes(32) });

        Assert.NotNull(_cache.TryRead(value, _token, Acme, Now));
        Assert.StartsWith("k2.", _cache.Write(Payload(Acme), _token.Hash, Now, Now.AddMinutes(5)), StringComparison.Ordinal);
    }

    private static SessionPayload Payload(Guid tenantId) => new(
        SessionId, Guid.CreateVersion7(), "alice@acme.test", "Alice Admin", ["TenantAdmin"], tenantId, "acme", "Acme Corp",
        TenantStatus.Active, 3, Now.AddDays(-1), Now.AddHours(-1), Now.AddHours(-1), Now.AddDays(6), Now.AddDays(29), true, "203.0.113.9",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
}
