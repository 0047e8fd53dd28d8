using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using TenantSessions.Application.SecondFactors;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// What a two-factor set-up shows once (the key, its QR code, the recovery codes), sealed with Data Protection into a
/// hidden field of the page's own forms, so that a mistyped code or a "download" can show the same set-up again to the
/// same person for <see cref="Lifetime"/>. Only the hashes of recovery codes are stored, so the page is the one place
/// they can come back from (ADR-023).
/// </summary>
public sealed class SetupSheet(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Field = "sheet";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _protector = protection.CreateProtector("TenantSessions.TwoFactorSetupSheet.v1");

    public string Seal(Guid userId, TwoFactorSetup setup) =>
        _protector.Protect(JsonSerializer.Serialize(new Sealed(userId, clock.GetUtcNow() + Lifetime, setup.TotpUri, setup.Secret, setup.BackupCodes)));

    /// <summary>The set-up sealed for <paramref name="userId"/>, or null when the field is missing, altered, someone else's or too old.</summary>
    public TwoFactorSetup? Open(Guid? userId, string? sheet)
    {
        if (userId is null || string.IsNullOrEmpty(sheet))
        {
            return null;
        }

        try
        {
            var opened = JsonSerializer.Deserialize<Sealed>(_protector.Unprotect(sheet));
            return opened is not null && opened.UserId == userId && opened.ExpiresAt > clock.GetUtcNow()
                ? new TwoFactorSetup(opened.Uri, opened.Secret, opened.Codes)
                : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The recovery codes as a text file a person keeps.</summary>
    public static string TextFile(string place, IReadOnlyList<string> codes) =>
        $"Recovery codes for {place}\nEach code works once. Keep this file somewhere safe.\n\n" + string.Join("\n", codes) + "\n";

    private sealed record Sealed(Guid UserId, DateTimeOffset ExpiresAt, string Uri, string Secret, IReadOnlyList<string> Codes);
}
