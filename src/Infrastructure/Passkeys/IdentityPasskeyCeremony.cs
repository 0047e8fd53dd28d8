using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Passkeys;
using TenantSessions.Domain.Passkeys;
using TenantSessions.Domain.Users;

namespace TenantSessions.Infrastructure.Passkeys;

/// <summary>
/// The WebAuthn ceremonies through ASP.NET Core Identity's passkey handler (ADR-013a). The relying party is the request's
/// host (Identity's default), so a passkey made on <c>acme.</c> is bound to <c>acme.</c>: the browser offers it nowhere
/// else and the tenant filter finds its owner nowhere else. The ceremony state travels to the browser and back sealed
/// with the data-protection key ring, bound to its kind and (for register and step-up) the session, for five minutes;
/// it names a <see cref="PasskeyChallenge"/> row, which the answer's check uses up in the command's transaction, so a
/// state works once (a replayed answer, or a second signature over the same challenge, is refused).
/// </summary>
public sealed class IdentityPasskeyCeremony(
    IPasskeyHandler<ApplicationUser> handler,
    IHttpContextAccessor http,
    IDataProtectionProvider protection,
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    ICurrentTenant tenant,
    TimeProvider clock) : IPasskeyCeremony
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("Passkey ceremonies need an HTTP request.");

    // A plain protector with the expiry inside the sealed text, read against the app's clock: the time-limited protector
    // stamps and checks the machine's clock, which is not the one the challenge row and every other expiry keep to.
    private IDataProtector Protector => protection.CreateProtector("TenantSessions.Passkeys.v2");

    public async Task<PasskeyOptions> CreationOptionsAsync(ApplicationUser user, Guid sessionId)
    {
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.Email ?? user.UserName ?? user.Id.ToString(), DisplayName = user.DisplayName };
        var result = await handler.MakeCreationOptionsAsync(entity, Context);
        return new PasskeyOptions(result.CreationOptionsJson, await SealAsync(PasskeyCeremonyKind.Register, sessionId, result.AttestationState));
    }

    public async Task<UserPasskeyInfo> AttestAsync(string credentialJson, string state, Guid sessionId, ApplicationUser user)
    {
        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = credentialJson,
            AttestationState = await UnsealOnceAsync(state, PasskeyCeremonyKind.Register, sessionId),
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
        return new PasskeyOptions(result.RequestOptionsJson, await SealAsync(kind, sessionId, result.AssertionState));
    }

    public async Task<(ApplicationUser User, UserPasskeyInfo Passkey)> AssertAsync(string credentialJson, string state, PasskeyCeremonyKind kind, Guid? sessionId)
    {
        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson,
            AssertionState = await UnsealOnceAsync(state, kind, sessionId),
            HttpContext = Context,
        });
        if (!result.Succeeded)
        {
            throw PasskeyCeremony.Refused();
        }

        return (result.User, result.Passkey);
    }

    private async Task<string> SealAsync(PasskeyCeremonyKind kind, Guid? sessionId, string? state)
    {
        var challenge = await db.IssueChallengeAsync(tenant.Id, clock.GetUtcNow(), Lifetime, Context.RequestAborted);
        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds();
        return Protector.Protect($"{expires}|{(int)kind}|{sessionId:N}|{challenge:N}|{state}");
    }

    /// <summary>The state Identity sealed in the options step, once: its challenge row is used up here.</summary>
    private async Task<string?> UnsealOnceAsync(string? sealedState, PasskeyCeremonyKind kind, Guid? sessionId)
    {
        string text;
        try
        {
            text = Protector.Unprotect(sealedState ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw PasskeyCeremony.Refused();
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var parts = text.Split('|', 5);
        if (parts.Length != 5
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, invariant, out var expires)
            || expires <= clock.GetUtcNow().ToUnixTimeMilliseconds()
            || parts[1] != ((int)kind).ToString(invariant) || parts[2] != (sessionId?.ToString("N") ?? "")
            || !Guid.TryParseExact(parts[3], "N", out var challenge))
        {
            throw PasskeyCeremony.Refused();
        }

        await db.ConsumeChallengeAsync(unitOfWork, challenge, clock.GetUtcNow(), Context.RequestAborted);
        return parts[4].Length == 0 ? null : parts[4];
    }
}
