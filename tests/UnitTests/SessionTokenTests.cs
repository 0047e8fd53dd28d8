using System.Buffers.Text;
using System.Security.Cryptography;
using TenantSessions.Infrastructure.Sessions;

namespace TenantSessions.UnitTests;

public sealed class SessionTokenTests
{
    [Fact]
    public void ATokenIs32RandomBytesInBase64Url()
    {
        var (token, hash) = SessionToken.Generate();

        Assert.Equal(SessionToken.EncodedLength, token.Length);
        Assert.True(Base64Url.IsValid(token));
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void TheStoredHashIsTheSha256OfTheTokenBytes()
    {
        var (token, hash) = SessionToken.Generate();

        Assert.Equal(SHA256.HashData(Base64Url.DecodeFromChars(token)), hash);
        Assert.Equal(hash, SessionToken.TryHash(token));
    }

    [Fact]
    public void TokensDoNotRepeat()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => SessionToken.Generate().Token).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("' OR 1=1 --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void SomethingWeCouldNotHaveIssuedHasNoHash(string? presented)
    {
        Assert.Null(SessionToken.TryHash(presented));
    }
}
