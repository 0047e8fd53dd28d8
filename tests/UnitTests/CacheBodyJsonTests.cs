using System.Text;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;

namespace TenantSessions.UnitTests;

/// <summary>The cookie cache's hand-written JSON: one body written and read back exactly, and nothing that throws.</summary>
public sealed class CacheBodyJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    /// <summary>What the writer writes for <see cref="Expected"/>: short names, escaped text, round-trip times.</summary>
    private const string Body =
        """{"sid":"019ac5a1-0000-7000-8000-000000000001","uid":"019ac5a1-0000-7000-8000-000000000002","em":"bob@acme.test","nm":"Bob \u0022the\u0022 Builder \u00E9","ro":["member","admin"],"tid":"019ac5a1-0000-7000-8000-000000000003","tsl":"acme","tnm":"Acme \u0026 Co","tst":1,"tv":7,"ca":"2026-11-27T08:00:00+00:00","ua":"2026-11-27T08:50:00.1234567+00:00","aa":"2026-11-27T08:00:00+00:00","ea":"2026-12-04T08:50:00+00:00","xa":"2026-12-27T08:00:00+00:00","p":true,"ip":"203.0.113.7","ag":"Mozilla/5.0 (X11; Linux x86_64)","iat":"2026-11-27T09:00:00+00:00","exp":"2026-11-27T09:05:00+00:00"}""";

    private static SessionPayload Expected => new(
        Guid.Parse("019ac5a1-0000-7000-8000-000000000001"), Guid.Parse("019ac5a1-0000-7000-8000-000000000002"), "bob@acme.test", "Bob \"the\" Builder é",
        ["member", "admin"], Guid.Parse("019ac5a1-0000-7000-8000-000000000003"), "acme", "Acme & Co", TenantStatus.Suspended, 7,
        Now.AddHours(-1), Now.AddMinutes(-10).AddTicks(1234567), Now.AddHours(-1), Now.AddDays(7).AddMinutes(-10), Now.AddDays(30).AddHours(-1), true,
        "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64)");

    [Fact]
    public void TheBodyReadsBackAsThePayloadItWasWrittenFrom()
    {
        Assert.True(CacheBodyJson.TryRead(Encoding.UTF8.GetBytes(Body), out var payload, out var issuedAt, out var cacheExpiresAt));

        Assert.Equal(Expected with { Roles = payload!.Roles }, payload);
        Assert.Equal(["member", "admin"], payload.Roles);
        Assert.Equal(Now, issuedAt);
        Assert.Equal(Now.AddMinutes(5), cacheExpiresAt);
    }

    [Fact]
    public void TheWriterWritesTheBodyByteForByte()
    {
        var written = Encoding.UTF8.GetString(CacheBodyJson.Write(Expected, Now, Now.AddMinutes(5)));

        Assert.Equal(Body, written);
    }

    [Fact]
    public void APlatformSessionWithoutTenantOrClientRoundTrips()
    {
        var platform = new SessionPayload(
            Guid.CreateVersion7(), Guid.CreateVersion7(), "root@platform.test", "Root", ["superadmin"], null, null, null, null, 0,
            Now, Now, Now, Now.AddDays(7), Now.AddDays(30), false, null, null);

        var json = CacheBodyJson.Write(platform, Now, Now.AddMinutes(5)).ToArray();

        Assert.Contains("\"tid\":null", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.True(CacheBodyJson.TryRead(json, out var read, out _, out _));
        Assert.Equal(platform with { Roles = read!.Roles }, read);
        Assert.Equal(["superadmin"], read.Roles);
    }

    /// <summary>Issue 23: an impersonation session's cache cookie carries the administrator, so a cache hit knows it too.</summary>
    [Fact]
    public void AnImpersonationRoundTripsWithItsAdministrator()
    {
        var admin = Guid.CreateVersion7();
        var impersonation = Expected with { ImpersonatedBy = admin };

        var json = CacheBodyJson.Write(impersonation, Now, Now.AddMinutes(5)).ToArray();

        Assert.Contains($"\"imp\":\"{admin}\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.True(CacheBodyJson.TryRead(json, out var read, out _, out _));
        Assert.Equal(admin, read!.ImpersonatedBy);
    }

    [Fact]
    public void KnownRoleNamesAreTheModelsOwnStrings()
    {
        var json = CacheBodyJson.Write(Expected with { Roles = ["Member", "TenantAdmin", "Auditor"] }, Now, Now.AddMinutes(5)).ToArray();

        Assert.True(CacheBodyJson.TryRead(json, out var read, out _, out _));

        Assert.Same(TenantSessions.Domain.Users.Roles.Member, read!.Roles[0]);
        Assert.Same(TenantSessions.Domain.Users.Roles.TenantAdmin, read.Roles[1]);
        Assert.Equal("Auditor", read.Roles[2]);
    }

    [Fact]
    public void UnknownPropertiesAreSkipped()
    {
        var withExtra = Body.Replace("\"p\":true,", "\"p\":true,\"zz\":{\"a\":[1,2]},", StringComparison.Ordinal);

        Assert.True(CacheBodyJson.TryRead(Encoding.UTF8.GetBytes(withExtra), out var payload, out _, out _));
        Assert.True(payload!.IsPersistent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"sid\":42}")]
    [InlineData("{\"sid\":\"not-a-guid\"}")]
    [InlineData("{\"ca\":\"yesterday\"}")]
    [InlineData("{\"tv\":99999999999}")]
    [InlineData("{\"tv\":\"7\"}")]
    [InlineData("{\"ro\":\"member\"}")]
    [InlineData("{\"ro\":[null]}")]
    [InlineData("{\"ro\":[\"a\",1]}")]
    [InlineData("{\"em\":{}}")]
    [InlineData("{\"p\":1}")]
    [InlineData("{} {}")]
    [InlineData("{}x")]
    [InlineData("{\"a\":[[[[[[[[1]]]]]]]]}")]
    public void WhatDoesNotParseIsAMissNotAnException(string json)
    {
        Assert.False(CacheBodyJson.TryRead(Encoding.UTF8.GetBytes(json), out var payload, out _, out _));
        Assert.Null(payload);
    }

    [Fact]
    public void EveryTruncationOfARealBodyIsAMiss()
    {
        var json = Encoding.UTF8.GetBytes(Body);
        for (var length = 0; length < json.Length; length++)
        {
            Assert.False(CacheBodyJson.TryRead(json.AsSpan(0, length), out _, out _, out _));
        }
    }
}
