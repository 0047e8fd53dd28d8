using TenantSessions.Application.SecondFactors;

namespace TenantSessions.UnitTests;

public sealed class PendingSignInTokenTests
{
    private static readonly Guid Id = Guid.Parse("019ac3f2-7b1e-7c4d-9a55-3f0e2d1c4b6a");

    public static TheoryData<string?> MalformedTokens => new()
    {
        null,
        "",
        ".",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.!",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a000.!",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAA!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.ÄAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f2-7b1e-7c4d-9a55-3f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        new string('A', 101),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void AMalformedTokenIsNullNotAnException(string? token)
    {
        Assert.Null(PendingSignInToken.TryParse(token));
    }

    [Fact]
    public void AGeneratedTokenParsesToItsIdAndHash()
    {
        var (token, hash) = PendingSignInToken.Generate(Id);

        var parsed = PendingSignInToken.TryParse(token);

        Assert.NotNull(parsed);
        Assert.Equal(Id, parsed.Value.Id);
        Assert.True(PendingSignInToken.Matches(hash, parsed.Value.Hash));
    }
}
