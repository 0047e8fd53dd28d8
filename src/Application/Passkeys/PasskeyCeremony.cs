using System.Buffers.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
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
/// The WebAuthn ceremonies through ASP.NET Core Identity's passkey handler (ADR-013a). The relying party is the request's
/// host (Identity's default), so a passkey made on <c>acme.</c> is bound to <c>acme.</c>: the browser offers it nowhere
/// else and the tenant filter finds its owner nowhere else. The ceremony state travels to the browser and back sealed
/// with the data-protection key ring, bound to its kind and (for register and step-up) the session, for five minutes.
/// </summary>
public sealed class PasskeyCeremony(
    IPasskeyHandler<ApplicationUser> handler,
    IHttpContextAccessor http,
    IDataProtectionProvider protection,
    TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("Passkey ceremonies need an HTTP request.");

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("TenantSessions.Passkeys.v1").ToTimeLimitedDataProtector();

    public async Task<PasskeyOptions> CreationOptionsAsync(ApplicationUser user, Guid sessionId)
    {
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.Email ?? user.UserName ?? user.Id.ToString(), DisplayName = user.DisplayName };
        var result = await handler.MakeCreationOptionsAsync(entity, Context);
        return new PasskeyOptions(result.CreationOptionsJson, Seal(PasskeyCeremonyKind.Register, sessionId, result.AttestationState));
    }

    public async Task<UserPasskeyInfo> AttestAsync(string credentialJson, string state, Guid sessionId, ApplicationUser user)
    {
        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = credentialJson,
            AttestationState = Unseal(state, PasskeyCeremonyKind.Register, sessionId),
            HttpContext = Context,
        });
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString())
        {
            throw Refused(result.Failure?.Message);
        }

        return result.Passkey;
    }

    public async Task<PasskeyOptions> RequestOptionsAsync(PasskeyCeremonyKind kind, ApplicationUser? user, Guid? sessionId)
    {
        var result = await handler.MakeRequestOptionsAsync(user, Context);
        return new PasskeyOptions(result.RequestOptionsJson, Seal(kind, sessionId, result.AssertionState));
    }

    public async Task<(ApplicationUser User, UserPasskeyInfo Passkey)> AssertAsync(string credentialJson, string state, PasskeyCeremonyKind kind, Guid? sessionId)
    {
        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson,
            AssertionState = Unseal(state, kind, sessionId),
            HttpContext = Context,
        });
        if (!result.Succeeded)
        {
            throw Refused(result.Failure?.Message);
        }

        return (result.User, result.Passkey);
    }

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

    public static SessionErrorException Refused(string? detail = null) =>
        new(PasskeyErrors.PasskeyRefused, "That passkey could not be used here. Try again, or sign in with your password.");

    private string Seal(PasskeyCeremonyKind kind, Guid? sessionId, string? state) =>
        Protector.Protect($"{(int)kind}|{sessionId:N}|{state}", Lifetime);

    private string? Unseal(string? sealedState, PasskeyCeremonyKind kind, Guid? sessionId)
    {
        string text;
        try
        {
            text = Protector.Unprotect(sealedState ?? "", out var expires);
            if (expires <= clock.GetUtcNow())
            {
                throw Refused();
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw Refused();
        }

        var parts = text.Split('|', 3);
        if (parts.Length != 3 || parts[0] != ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) || parts[1] != (sessionId?.ToString("N") ?? ""))
        {
            throw Refused();
        }

        return parts[2].Length == 0 ? null : parts[2];
    }
}

public static class PasskeyErrors
{
    public const string PasskeyRefused = "PASSKEY_REFUSED";
}
