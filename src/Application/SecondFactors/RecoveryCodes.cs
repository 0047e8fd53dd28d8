using System.Security.Cryptography;
using System.Text;

namespace TenantSessions.Application.SecondFactors;

/// <summary>
/// One-time recovery codes: 12 characters of Crockford base32 (60 bits) shown as <c>xxxx-xxxx-xxxx</c>. Only a hash
/// bound to the user is stored (in Identity's recovery-code token), so a leaked table reveals no usable code.
/// </summary>
public static class RecoveryCodes
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static IReadOnlyList<string> Generate(int count) =>
        Enumerable.Range(0, count).Select(_ => Generate()).ToList();

    public static string Hash(Guid userId, string? code)
    {
        var normalized = Normalize(code);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{normalized}"));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Lower case, no separators; the look-alikes people type (o, i, l) read as the digits they resemble.</summary>
    public static string Normalize(string? code)
    {
        var builder = new StringBuilder();
        foreach (var c in (code ?? "").ToLowerInvariant())
        {
            switch (c)
            {
                case '-' or ' ':
                    continue;
                case 'o':
                    builder.Append('0');
                    break;
                case 'i' or 'l':
                    builder.Append('1');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Generate()
    {
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }
}
