using System.Buffers.Text;
using System.Security.Cryptography;

namespace TenantSessions.Infrastructure.Sessions;

/// <summary>
/// Session tokens: 32 bytes from the OS CSPRNG, base64url (43 characters). Only the SHA-256 hash is stored.
/// </summary>
public static class SessionToken
{
    public const int ByteLength = 32;
    public const int EncodedLength = 43;

    public static (string Token, byte[] Hash) Generate()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        return (Base64Url.EncodeToString(bytes), SHA256.HashData(bytes));
    }

    /// <summary>The hash of a presented token, or null when it is not something we could have issued.</summary>
    public static byte[]? TryHash(string? token)
    {
        if (token is not { Length: EncodedLength } || !Base64Url.IsValid(token))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        return Base64Url.TryDecodeFromChars(token, bytes, out var written) && written == ByteLength
            ? SHA256.HashData(bytes)
            : null;
    }
}
