using System.Buffers.Text;
using System.Security.Cryptography;

namespace TenantSessions.Application.SecondFactors;

/// <summary>
/// The pending-sign-in cookie's value: <c>{row id}.{verifier}</c>, the verifier 32 bytes from a CSPRNG (base64url).
/// The row stores only SHA-256 of the verifier, compared in constant time, like session tokens (ADR-007).
/// </summary>
public static class PendingSignInToken
{
    private const int VerifierBytes = 32;

    public static (string Token, byte[] Hash) Generate(Guid id)
    {
        var verifier = RandomNumberGenerator.GetBytes(VerifierBytes);
        return ($"{id:N}.{Base64Url.EncodeToString(verifier)}", SHA256.HashData(verifier));
    }

    /// <summary>The row id and the verifier's hash, or null for anything malformed (never an exception).</summary>
    public static (Guid Id, byte[] Hash)? TryParse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot != 32 || !Guid.TryParseExact(token.AsSpan(0, dot), "N", out var id))
        {
            return null;
        }

        // TryDecodeFromChars returns false only for a short destination; a character outside the alphabet throws, so
        // the alphabet and the decoded length are checked first.
        var encoded = token.AsSpan(dot + 1);
        if (!Base64Url.IsValid(encoded, out var length) || length != VerifierBytes)
        {
            return null;
        }

        Span<byte> verifier = stackalloc byte[VerifierBytes];
        return Base64Url.TryDecodeFromChars(encoded, verifier, out var written) && written == VerifierBytes
            ? (id, SHA256.HashData(verifier))
            : null;
    }

    public static bool Matches(byte[] stored, byte[] presented) => CryptographicOperations.FixedTimeEquals(stored, presented);
}
