using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Passkeys;

/// <summary>What the browser needs for <c>navigator.credentials.create/get</c>, and the ceremony state the server needs back.</summary>
public sealed record PasskeyOptions(string OptionsJson, string State)
{
    public override string ToString() => nameof(PasskeyOptions);
}

public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt);

public enum PasskeyCeremonyKind
{
    Register = 0,
    SignIn = 1,
    StepUp = 2,
}

/// <summary>
/// The WebAuthn ceremonies (ADR-013a): options for the browser, and the checks of what it sends back. The ceremony state
/// travels to the browser and back sealed, bound to its kind and (for register and step-up) the session.
/// </summary>
public interface IPasskeyCeremony
{
    Task<PasskeyOptions> CreationOptionsAsync(ApplicationUser user, Guid sessionId);

    Task<UserPasskeyInfo> AttestAsync(string credentialJson, string state, Guid sessionId, ApplicationUser user);

    Task<PasskeyOptions> RequestOptionsAsync(PasskeyCeremonyKind kind, ApplicationUser? user, Guid? sessionId);

    Task<(ApplicationUser User, UserPasskeyInfo Passkey)> AssertAsync(string credentialJson, string state, PasskeyCeremonyKind kind, Guid? sessionId);
}

public static class PasskeyCeremony
{
    public static string EncodeId(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    /// <summary>
    /// A passkey id as the API and the pages show it (base64url, <see cref="EncodeId"/>) back to its bytes; false for
    /// anything else (empty, too long, a character outside the alphabet, a bad length), never an exception.
    /// </summary>
    public static bool TryDecodeId(string? id, [NotNullWhen(true)] out byte[]? credentialId)
    {
        credentialId = null;
        // Checked before decoding: TryDecodeFromChars throws on a character outside the alphabet.
        if (string.IsNullOrEmpty(id) || id.Length > 1400 || !Base64Url.IsValid(id, out var length))
        {
            return false;
        }

        var buffer = new byte[length];
        if (!Base64Url.TryDecodeFromChars(id, buffer, out var written))
        {
            return false;
        }

        credentialId = buffer[..written];
        return true;
    }

    public static RefusalException Refused() =>
        new(PasskeyErrors.PasskeyRefused, "That passkey could not be used here. Try again, or sign in with your password.");
}

public static class PasskeyErrors
{
    public const string PasskeyRefused = "PASSKEY_REFUSED";
}
