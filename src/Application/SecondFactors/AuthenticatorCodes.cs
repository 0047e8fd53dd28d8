using OtpNet;

namespace TenantSessions.Application.SecondFactors;

/// <summary>
/// RFC 6238 codes (SHA-1, 6 digits, 30 s) from the authenticator key ASP.NET Core Identity keeps for the user. Otp.NET
/// verifies, because it tells which time step matched: that step is recorded so a code is accepted only once.
/// </summary>
public static class AuthenticatorCodes
{
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public static string Uri(string issuer, string account, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}" +
        $"?secret={key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period=30";

    /// <summary>The matching time step, or null. Spaces and dashes people type are ignored.</summary>
    public static long? Verify(string key, string? code, DateTimeOffset now)
    {
        var digits = Normalize(code);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        byte[] secret;
        try
        {
            secret = Base32Encoding.ToBytes(key);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return new Totp(secret).VerifyTotp(now.UtcDateTime, digits, out var step, Window) ? step : null;
    }

    public static string Normalize(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
}
