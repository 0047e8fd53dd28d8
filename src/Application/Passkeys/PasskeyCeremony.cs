using System.Buffers.Text;
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

    public static byte[]? DecodeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 1400)
        {
            return null;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(id.Length)];
        return Base64Url.TryDecodeFromChars(id, buffer, out var written) ? buffer[..written] : null;
    }

    public static SessionErrorException Refused() =>
        new(PasskeyErrors.PasskeyRefused, "That passkey could not be used here. Try again, or sign in with your password.");
}

public static class PasskeyErrors
{
    public const string PasskeyRefused = "PASSKEY_REFUSED";
}
