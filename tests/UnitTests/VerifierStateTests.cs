using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.UnitTests;

/// <summary>The verifier states of a presented token against a session row (ADR-030): current, retired (in or after the grace), unknown, none.</summary>
public sealed class VerifierStateTests
{
    private static readonly Guid SessionId = Guid.Parse("019ac3f2-7b1e-7c4d-9a55-3f0e2d1c4b6a");
    private static readonly DateTimeOffset RotatedAt = new(2026, 12, 8, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public enum Presented
    {
        Current,
        Retired,
        Other,
        Nothing,
        Malformed,
    }

    [Theory]
    [InlineData(Presented.Current, true, 0, VerifierState.Current)]
    [InlineData(Presented.Current, true, 3600, VerifierState.Current)]
    [InlineData(Presented.Current, false, 0, VerifierState.Current)]
    [InlineData(Presented.Retired, true, 0, VerifierState.RetiredInGrace)]
    [InlineData(Presented.Retired, true, 29, VerifierState.RetiredInGrace)]
    [InlineData(Presented.Retired, true, 30, VerifierState.Retired)]
    [InlineData(Presented.Retired, true, 86400, VerifierState.Retired)]
    [InlineData(Presented.Other, true, 3600, VerifierState.Unknown)]
    [InlineData(Presented.Other, false, 3600, VerifierState.Unknown)]
    [InlineData(Presented.Nothing, true, 3600, VerifierState.None)]
    [InlineData(Presented.Malformed, true, 3600, VerifierState.None)]
    public void APresentedVerifierIsJudgedAgainstTheCurrentAndTheRetiredHash(Presented presented, bool rotated, int secondsAfterRotation, VerifierState expected)
    {
        var (currentToken, currentHash) = SessionToken.Generate(SessionId);
        var (retiredToken, retiredHash) = SessionToken.Generate(SessionId);
        var (otherToken, _) = SessionToken.Generate(SessionId);
        var token = presented switch
        {
            Presented.Current => currentToken,
            Presented.Retired => retiredToken,
            Presented.Other => otherToken,
            Presented.Malformed => currentToken.ToUpperInvariant(),
            _ => null,
        };

        var state = Verifiers.Judge(
            SessionToken.TryParse(token), currentHash, rotated ? retiredHash : null, rotated ? RotatedAt : null, RotatedAt.AddSeconds(secondsAfterRotation), Grace);

        Assert.Equal(expected, state);
    }

    [Fact]
    public void ARetiredHashWithoutARotationInstantIsNeverTakenForAReplay()
    {
        var (retiredToken, retiredHash) = SessionToken.Generate(SessionId);
        var (_, currentHash) = SessionToken.Generate(SessionId);

        Assert.Equal(VerifierState.Unknown, Verifiers.Judge(SessionToken.TryParse(retiredToken), currentHash, retiredHash, null, RotatedAt, Grace));
        Assert.Equal(VerifierState.Unknown, Verifiers.Judge(SessionToken.TryParse(retiredToken), currentHash, [], RotatedAt, RotatedAt.AddDays(1), Grace));
    }
}
