using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using TenantSessions.Application.Passkeys;
using TenantSessions.Domain.Users;

namespace TenantSessions.Infrastructure.Passkeys;

/// <summary>
/// The WebAuthn ceremonies through ASP.NET Core Identity's passkey handler (ADR-013a). The relying party is the request's
/// host (Identity's default), so a passkey made on <c>acme.</c> is bound to <c>acme.</c>: the browser offers it nowhere
/// else and the tenant filter finds its owner nowhere else. The ceremony state travels to the browser and back sealed
/// with the data-protection key ring, bound to its kind and (for register and step-up) the session, for five minutes.
/// </summary>
public sealed class IdentityPasskeyCeremony(
    IPasskeyHandler<ApplicationUser> handler,
    IHttpContextAccessor http,
    IDataProtectionProvider protection,
    TimeProvider clock) : IPasskeyCeremony
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
            throw PasskeyCeremony.Refused();
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
            throw PasskeyCeremony.Refused();
        }

        return (result.User, result.Passkey);
    }

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
                throw PasskeyCeremony.Refused();
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw PasskeyCeremony.Refused();
        }

        var parts = text.Split('|', 3);
        if (parts.Length != 3 || parts[0] != ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) || parts[1] != (sessionId?.ToString("N") ?? ""))
        {
            throw PasskeyCeremony.Refused();
        }

        return parts[2].Length == 0 ? null : parts[2];
    }
}

