using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Accounts;

/// <summary>What an account's deletion ended and erased.</summary>
public sealed record AccountErased(RevokedSessions Sessions, int Passkeys, bool TwoFactor, string Pseudonym);

/// <summary>
/// The one way an account is deleted (<c>delete-user</c> by the person, <c>remove-user</c> by an administrator), staged
/// in the command's unit of work (ADR-022): every live session ends through <see cref="ISessionStore.RevokeUser"/>
/// (<c>ACCOUNT_DELETED</c>, a user "not before" feed entry, so every node refuses a warm cache cookie at once); passkeys,
/// the authenticator key, recovery codes, linked IdP identities, pending second-factor sign-ins, every e-mailed link
/// (reset, verification, invitation to the address) and unsent e-mail to the address go; the row stays, anonymised:
/// no e-mail, user name, password or roles, its name the stable <see cref="Pseudonym"/> and <c>DeletedAt</c> set, so
/// the audit trail and session histories that name it stay readable.
/// </summary>
public sealed class AccountErasure(
    IApplicationDbContext db,
    UserManager<ApplicationUser> users,
    ISessionStore store,
    AccountNotices notices,
    TimeProvider clock)
{
    private const string IdentityProvider = "[AspNetUserStore]";

    /// <summary>"Deleted user 7f3a9c21": the first hex digits of SHA-256 of the id, the same for the person every time.</summary>
    public static string Pseudonym(Guid userId) =>
        $"Deleted user {Convert.ToHexStringLower(SHA256.HashData(userId.ToByteArray()))[..8]}";

    /// <summary>Refuses when <paramref name="user"/> is the only administrator of their workspace (nothing is changed).</summary>
    public async Task KeepAnAdministratorAsync(ApplicationUser user, string refusal, CancellationToken cancellationToken)
    {
        if (await IsSoleAdministratorAsync(user, cancellationToken))
        {
            throw new RefusalException(ErrorCodes.SoleAdministrator, refusal);
        }
    }

    /// <summary>Whether <paramref name="user"/> is an administrator of their workspace and no other (live) account is.</summary>
    public async Task<bool> IsSoleAdministratorAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var adminRole = await db.Roles.Where(r => r.Name == Roles.TenantAdmin).Select(r => r.Id).SingleAsync(cancellationToken);
        if (!await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == adminRole, cancellationToken))
        {
            return false;
        }

        return !await db.Users.IgnoreQueryFilters()
            .Where(u => u.TenantId == user.TenantId && u.Id != user.Id && u.DeletedAt == null)
            .AnyAsync(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole), cancellationToken);
    }

    /// <summary>Ends, deletes and anonymises as the class says; <paramref name="actorUserId"/> is who asked (the person or an administrator).</summary>
    public async Task<AccountErased> EraseAsync(ApplicationUser user, Guid? actorUserId, bool byAdministrator, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.IgnoreQueryFilters().Live(now).Where(s => s.UserId == user.Id).ToListAsync(cancellationToken);
        var ended = store.RevokeUser(user.Id, sessions, SessionEnd.By(actorUserId, RevokeReasons.AccountDeleted));

        var passkeys = await users.GetPasskeysAsync(user);
        foreach (var passkey in passkeys)
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
        }

        var twoFactor = user.TwoFactorEnabled;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.RemoveAuthenticationTokenAsync(user, IdentityProvider, "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, IdentityProvider, "RecoveryCodes");
        foreach (var login in await users.GetLoginsAsync(user))
        {
            await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        }

        var claims = await users.GetClaimsAsync(user);
        if (claims.Count > 0)
        {
            await users.RemoveClaimsAsync(user, claims);
        }

        await db.DropPendingSignInsAsync(user.Id, cancellationToken);
        db.SsoSessionLinks.RemoveRange(await db.SsoSessionLinks.IgnoreQueryFilters().Where(l => l.UserId == user.Id).ToListAsync(cancellationToken));
        var email = user.Email;
        if (email is not null)
        {
            var address = email.ToLowerInvariant();
            db.AccountTokens.RemoveRange(await db.AccountTokens.IgnoreQueryFilters()
                .Where(t => t.UserId == user.Id || (t.UserId == null && t.TenantId == user.TenantId && t.Email.ToLower() == address))
                .ToListAsync(cancellationToken));
            db.EmailOutbox.RemoveRange(await db.EmailOutbox
                .Where(m => m.TenantId == user.TenantId && m.To.ToLower() == address && m.SentAt == null)
                .ToListAsync(cancellationToken));
            await notices.AccountDeletedAsync(user, byAdministrator, cancellationToken);
        }
        else
        {
            db.AccountTokens.RemoveRange(await db.AccountTokens.IgnoreQueryFilters().Where(t => t.UserId == user.Id).ToListAsync(cancellationToken));
        }

        db.UserRoles.RemoveRange(await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync(cancellationToken));

        var pseudonym = Pseudonym(user.Id);
        var userName = $"deleted-{user.Id:N}";
        user.DisplayName = pseudonym;
        user.Email = null;
        user.NormalizedEmail = null;
        user.EmailConfirmed = false;
        user.UserName = userName;
        user.NormalizedUserName = userName.ToUpperInvariant();
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.TwoFactorEnabled = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.LastTotpTimeStep = null;
        user.NewSignInNotices = false;
        user.DeletedAt = now;
        return new AccountErased(ended, passkeys.Count, twoFactor, pseudonym);
    }
}
