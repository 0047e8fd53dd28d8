using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors;

public enum SecondFactorStep
{
    /// <summary>The password is enough: issue the session.</summary>
    None = 0,

    /// <summary>The person has a second factor: ask for it before any session exists.</summary>
    Verify = 1,

    /// <summary>The workspace (or the platform) requires a second factor the person lacks: enrol before any session exists.</summary>
    Enrol = 2,
}

/// <summary>
/// Second-factor secrets of a person: the authenticator key (kept by ASP.NET Core Identity), the hashed recovery codes
/// (Identity's recovery-code store, holding only hashes), and who must have one. Every code check goes through
/// <see cref="PasswordCheck.AttemptAsync"/>, so codes share the password's reservation and lockout.
/// </summary>
public sealed class SecondFactorCheck(
    UserManager<ApplicationUser> users,
    IUserStore<ApplicationUser> store,
    PasswordCheck passwords,
    IApplicationDbContext db,
    ICurrentTenant currentTenant,
    IOptionsSnapshot<SecondFactorOptions> options,
    IConfiguration configuration,
    TimeProvider clock)
{
    /// <summary>What must follow a correct password for <paramref name="user"/> on this host.</summary>
    public async Task<SecondFactorStep> StepAfterPasswordAsync(ApplicationUser user, IList<string> roles, CancellationToken cancellationToken)
    {
        if (user.TwoFactorEnabled)
        {
            return SecondFactorStep.Verify;
        }

        return await IsRequiredAsync(roles, cancellationToken) ? SecondFactorStep.Enrol : SecondFactorStep.None;
    }

    /// <summary>Whether this host requires a second factor of someone with <paramref name="roles"/>.</summary>
    public async Task<bool> IsRequiredAsync(IList<string> roles, CancellationToken cancellationToken)
    {
        if (currentTenant.IsPlatformHost)
        {
            return roles.Contains(Roles.PlatformSuperadmin) && RequiredForSuperadmins;
        }

        var tenantId = currentTenant.Id;
        var requirement = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.TwoFactorRequirement).SingleOrDefaultAsync(cancellationToken);
        return requirement switch
        {
            TwoFactorRequirement.Everyone => true,
            TwoFactorRequirement.Admins => roles.Contains(Roles.TenantAdmin),
            _ => false,
        };
    }

    public bool RequiredForSuperadmins => options.Value.RequireForSuperadmins ?? !configuration.GetValue("Demo:Seed", false);

    /// <summary>A new authenticator key and ten new recovery codes (only their hashes are stored). Two-factor stays off until a code is confirmed.</summary>
    public async Task<TwoFactorSetup> StartSetupAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        await users.ResetAuthenticatorKeyAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity stored no authenticator key.");
        var codes = await ReplaceRecoveryCodesAsync(user, cancellationToken);
        var account = user.Email ?? user.UserName ?? user.Id.ToString();
        return new TwoFactorSetup(AuthenticatorCodes.Uri(IssuerFor(), account, key), key, codes);
    }

    public async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var codes = RecoveryCodes.Generate(SecondFactorOptions.RecoveryCodeCount);
        await RecoveryCodeStore.ReplaceCodesAsync(user, codes.Select(c => RecoveryCodes.Hash(user.Id, c)), cancellationToken);
        await users.UpdateAsync(user);
        return codes;
    }

    /// <summary>Turns the second factor off and forgets its secrets: a new unknown key, no recovery codes.</summary>
    public async Task RemoveAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await RecoveryCodeStore.ReplaceCodesAsync(user, [], cancellationToken);
        await users.UpdateAsync(user);
    }

    public Task<int> RecoveryCodesLeftAsync(ApplicationUser user) => users.CountRecoveryCodesAsync(user);

    /// <summary>
    /// One authenticator-code attempt. A code is accepted once: its time step is recorded with a compare-and-set, so the
    /// same code (or an older one) fails afterwards, on every node.
    /// </summary>
    public async Task<bool> VerifyTotpAsync(ApplicationUser user, string? code, bool resetFailuresOnSuccess, CancellationToken cancellationToken)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var accepted = await passwords.AttemptAsync(user, async ct =>
        {
            if (AuthenticatorCodes.Verify(key, code, clock.GetUtcNow()) is not { } step)
            {
                return false;
            }

            var claimed = await db.Users.IgnoreQueryFilters()
                .Where(u => u.Id == user.Id && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < step))
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastTotpTimeStep, step), ct);
            if (claimed == 1)
            {
                user.LastTotpTimeStep = step;
            }

            return claimed == 1;
        }, resetFailuresOnSuccess, cancellationToken);
        if (accepted && resetFailuresOnSuccess)
        {
            user.AccessFailedCount = 0;
        }

        return accepted;
    }

    /// <summary>Why <paramref name="code"/> was refused: "already used" when it is right for a time step already spent, else "not right".</summary>
    public async Task<Common.Exceptions.RefusalException> RefusalForTotpAsync(ApplicationUser user, string? code)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        return !string.IsNullOrEmpty(key) && AuthenticatorCodes.Verify(key, code, clock.GetUtcNow()) is { } step && user.LastTotpTimeStep >= step
            ? SecondFactorErrors.CodeAlreadyUsed()
            : SecondFactorErrors.WrongCode();
    }

    /// <summary>One recovery-code attempt; a code works once (Identity's store removes it under the user's concurrency stamp).</summary>
    public async Task<bool> RedeemRecoveryCodeAsync(ApplicationUser user, string? code, bool resetFailuresOnSuccess, CancellationToken cancellationToken)
    {
        if (RecoveryCodes.Normalize(code).Length != 12)
        {
            return await passwords.AttemptAsync(user, _ => Task.FromResult(false), resetFailuresOnSuccess, cancellationToken);
        }

        var accepted = await passwords.AttemptAsync(
            user,
            async _ => (await users.RedeemTwoFactorRecoveryCodeAsync(user, RecoveryCodes.Hash(user.Id, code))).Succeeded,
            resetFailuresOnSuccess,
            cancellationToken);
        if (accepted && resetFailuresOnSuccess)
        {
            user.AccessFailedCount = 0;
        }

        return accepted;
    }

    /// <summary>An authenticator code (six digits) or else a recovery code.</summary>
    public Task<bool> VerifyAnyAsync(ApplicationUser user, string? code, CancellationToken cancellationToken) =>
        AuthenticatorCodes.Normalize(code) is { Length: 6 } digits && digits.All(char.IsAsciiDigit)
            ? VerifyTotpAsync(user, code, true, cancellationToken)
            : RedeemRecoveryCodeAsync(user, code, true, cancellationToken);

    private string IssuerFor() =>
        currentTenant.Tenant is { } tenant ? $"{options.Value.Issuer} ({tenant.Name})" : options.Value.Issuer;

    private IUserTwoFactorRecoveryCodeStore<ApplicationUser> RecoveryCodeStore =>
        store as IUserTwoFactorRecoveryCodeStore<ApplicationUser>
        ?? throw new InvalidOperationException("The Identity user store keeps no recovery codes.");
}

/// <summary>What a person needs to add the account to an authenticator app: shown once.</summary>
public sealed record TwoFactorSetup(string TotpUri, string Secret, IReadOnlyList<string> BackupCodes)
{
    public override string ToString() => nameof(TwoFactorSetup);
}
