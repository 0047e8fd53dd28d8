using System.Buffers.Text;
using System.Security.Cryptography;

namespace TenantSessions.Application.Scim;

/// <summary>
/// The secret a SCIM token is: <c>scim_{token id:N}.{verifier}</c>, 32 random bytes of verifier in base64url. The id
/// finds the row (no hash index, no scan); only SHA-256 of the verifier is stored and compared in constant time, as the
/// session tokens are (ADR-007).
/// </summary>
public static class ScimTokens
{
    public const string Prefix = "scim_";

    /// <summary>The last use is written at most this often per token: no write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int VerifierBytes = 32;

    public static (string Secret, byte[] VerifierHash) New(Guid tokenId)
    {
        var verifier = RandomNumberGenerator.GetBytes(VerifierBytes);
        return ($"{Prefix}{tokenId:N}.{Base64Url.EncodeToString(verifier)}", SHA256.HashData(verifier));
    }

    /// <summary>The token id and the verifier's hash of a presented secret, or null when it is not one of ours.</summary>
    public static (Guid TokenId, byte[] VerifierHash)? Parse(string? secret)
    {
        if (secret is null || secret.Length > 128 || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = secret.AsSpan(Prefix.Length);
        var dot = body.IndexOf('.');
        if (dot != 32 || !Guid.TryParseExact(body[..dot], "N", out var id))
        {
            return null;
        }

        var encoded = body[(dot + 1)..];
        if (!Base64Url.IsValid(encoded, out var length) || length != VerifierBytes)
        {
            return null;
        }

        var verifier = Base64Url.DecodeFromChars(encoded);
        return Base64Url.EncodeToString(verifier) == encoded.ToString() ? (id, SHA256.HashData(verifier)) : null;
    }

    /// <summary>What the list shows of a token: its prefix and the first characters of the id, never the verifier.</summary>
    public static string Hint(Guid tokenId) => $"{Prefix}{tokenId.ToString("N")[..8]}…";

    internal static bool Matches(byte[] stored, byte[] presented) => CryptographicOperations.FixedTimeEquals(stored, presented);
}
