using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace TenantSessions.Infrastructure.SessionEngine.Tokens;

/// <summary>
/// Session tokens are split (selector and verifier, ADR-007): <c>{session id, 32 hex}.{32 CSPRNG bytes, base64url}</c>,
/// 76 characters. The session id finds the row by primary key; only the SHA-256 hash of the verifier is stored, and it
/// is compared in constant time. The hash needs no index: no b-tree in random order is written at every sign-in and
/// every purge.
/// </summary>
public static class SessionToken
{
    public const int VerifierByteLength = 32;
    public const int SelectorLength = 32;
    public const int VerifierLength = 43;
    public const int EncodedLength = SelectorLength + 1 + VerifierLength;
    private const char Separator = '.';

    /// <summary>The selector is spelled as we issue it, lower-case: one spelling per token.</summary>
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static (string Token, byte[] Hash) Generate(Guid sessionId)
    {
        Span<byte> verifier = stackalloc byte[VerifierByteLength];
        RandomNumberGenerator.Fill(verifier);
        return ($"{sessionId:N}{Separator}{Base64Url.EncodeToString(verifier)}", SHA256.HashData(verifier));
    }

    /// <summary>The session id and verifier hash of a presented token, or null when it is not something we could have issued.</summary>
    public static PresentedToken? TryParse(string? token)
    {
        if (token is not { Length: EncodedLength } || token[SelectorLength] != Separator)
        {
            return null;
        }

        var selector = token.AsSpan(0, SelectorLength);
        var verifier = token.AsSpan(SelectorLength + 1);
        if (selector.ContainsAnyExcept(LowerHex) || !Guid.TryParseExact(selector, "N", out var sessionId) || !Base64Url.IsValid(verifier))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[VerifierByteLength];
        if (!Base64Url.TryDecodeFromChars(verifier, bytes, out var written) || written != VerifierByteLength)
        {
            return null;
        }

        // The last character carries 4 bits of the verifier and 2 unused ones: only the spelling we issue (unused
        // bits zero) is accepted, so no token has a second spelling.
        Span<char> canonical = stackalloc char[VerifierLength];
        Base64Url.EncodeToChars(bytes, canonical);
        return canonical.SequenceEqual(verifier) ? new PresentedToken(sessionId, SHA256.HashData(bytes)) : null;
    }
}

/// <summary>A well-formed token as presented: which session it names, and the hash its verifier must match.</summary>
public sealed record PresentedToken(Guid SessionId, byte[] Hash)
{
    public bool Verifies(byte[] storedHash) => CryptographicOperations.FixedTimeEquals(storedHash, Hash);
}

/// <summary>What a presented verifier is to the session row it names (ADR-030).</summary>
public enum VerifierState
{
    /// <summary>No well-formed token was presented.</summary>
    None,

    /// <summary>The session's current verifier: the one good path.</summary>
    Current,

    /// <summary>The verifier the last rotation retired, presented within the grace after it: an old cookie still in flight.</summary>
    RetiredInGrace,

    /// <summary>The verifier the last rotation retired, presented after the grace: someone holds a copy of the old cookie.</summary>
    Retired,

    /// <summary>Neither: a token we never issued for this session (or one two rotations old).</summary>
    Unknown,
}

/// <summary>
/// Judges a presented verifier against a session row's current and retired hashes. The current hash is compared first
/// and, when it matches, nothing else is done: the good path costs what it cost before. Both comparisons are constant-time.
/// </summary>
public static class Verifiers
{
    public static VerifierState Judge(
        PresentedToken? presented, byte[] currentHash, byte[]? retiredHash, DateTimeOffset? rotatedAt, DateTimeOffset now, TimeSpan grace)
    {
        if (presented is null)
        {
            return VerifierState.None;
        }

        if (presented.Verifies(currentHash))
        {
            return VerifierState.Current;
        }

        if (retiredHash is not { Length: > 0 } || rotatedAt is not { } at || !presented.Verifies(retiredHash))
        {
            return VerifierState.Unknown;
        }

        return now - at < grace ? VerifierState.RetiredInGrace : VerifierState.Retired;
    }
}
