using System.Security.Cryptography;
using System.Text;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// The signature of the Standard Webhooks specification (standardwebhooks.com): HMAC-SHA256, keyed with the secret's
/// bytes (base64 after <c>whsec_</c>), over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as
/// <c>v1,{base64}</c>; several signatures (a rotation's overlap) are separated by spaces. Written here because it is
/// a dozen lines over <see cref="HMACSHA256"/> and no served .NET package implements it.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    public const string IdHeader = "webhook-id";

    public const string TimestampHeader = "webhook-timestamp";

    public const string SignatureHeader = "webhook-signature";

    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>The <c>webhook-signature</c> header: one <c>v1</c> signature per secret, the current one first.</summary>
    public static string SignatureHeaderValue(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            signatures.Add(Sign(secret, id, timestamp, body));
        }

        return string.Join(' ', signatures);
    }
}
