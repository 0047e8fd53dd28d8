using System.Buffers.Text;
using System.Security.Cryptography;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.UnitTests;

public sealed class SessionTokenTests
{
    private static readonly Guid SessionId = Guid.Parse("019ac3f2-7b1e-7c4d-9a55-3f0e2d1c4b6a");

    [Fact]
    public void ATokenIsTheSessionIdAnd32RandomBytesInBase64Url()
    {
        var (token, hash) = SessionToken.Generate(SessionId);

        Assert.Equal(SessionToken.EncodedLength, token.Length);
        var parts = token.Split('.');
        Assert.Equal(2, parts.Length);
        Assert.Equal("019ac3f27b1e7c4d9a553f0e2d1c4b6a", parts[0]);
        Assert.True(Base64Url.IsValid(parts[1]));
        Assert.Equal(32, Base64Url.DecodeFromChars(parts[1]).Length);
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void TheStoredHashIsTheSha256OfTheVerifierBytes()
    {
        var (token, hash) = SessionToken.Generate(SessionId);

        Assert.Equal(SHA256.HashData(Base64Url.DecodeFromChars(token.Split('.')[1])), hash);
        var presented = SessionToken.TryParse(token);
        Assert.NotNull(presented);
        Assert.Equal(SessionId, presented.SessionId);
        Assert.Equal(hash, presented.Hash);
        Assert.True(presented.Verifies(hash));
    }

    [Fact]
    public void VerifiersDoNotRepeatForTheSameSession()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => SessionToken.Generate(SessionId).Token).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Fact]
    public void AnotherVerifierForTheSameSessionDoesNotVerify()
    {
        var (_, stored) = SessionToken.Generate(SessionId);
        var (other, _) = SessionToken.Generate(SessionId);

        Assert.False(SessionToken.TryParse(other)!.Verifies(stored));
    }

    [Fact]
    public void EveryFlippedVerifierCharacterFailsVerification()
    {
        var (token, stored) = SessionToken.Generate(SessionId);

        for (var i = SessionToken.SelectorLength + 1; i < token.Length; i++)
        {
            var flipped = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            var presented = SessionToken.TryParse(flipped);
            Assert.True(presented is null || !presented.Verifies(stored), $"position {i}");
        }
    }

    [Fact]
    public void OnlyTheIssuedSpellingOfTheLastVerifierCharacterIsAccepted()
    {
        // 43 base64url characters carry 258 bits for 256: the last character's two low bits are unused, so "A", "B",
        // "C" and "D" there decode to the same bytes. Only the one we issue (unused bits zero) may name the token.
        const string issued = "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        Assert.NotNull(SessionToken.TryParse(issued));
        foreach (var last in "BCD")
        {
            Assert.Null(SessionToken.TryParse(issued[..^1] + last));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a.")]
    [InlineData("019AC3F27B1E7C4D9A553F0E2D1C4B6A.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("019ac3f2-7b1e-7c4d-9a55-3f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6g.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("' OR 1=1 --AAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void SomethingWeCouldNotHaveIssuedIsNotParsed(string? presented)
    {
        Assert.Null(SessionToken.TryParse(presented));
    }
}
