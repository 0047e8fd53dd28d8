using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Users;

namespace TenantSessions.Infrastructure.Data;

/// <summary>
/// Identity's EF user store, told not to save on its own: <c>UserManager</c> calls (create, change password, add to
/// role) only stage their changes, and the command's unit of work saves them in the same transaction as the session
/// rows, feed entries and audit events they go with. A password change can no longer commit without the sessions it
/// ends. The authenticator (TOTP) key is kept encrypted with Data Protection (<see cref="AuthenticatorKeyPurpose"/>) in
/// <c>AspNetUserTokens</c>, so a copy of the database alone does not give anyone the codes.
/// </summary>
public sealed class StagedUserStore : UserStore<ApplicationUser, IdentityRole<Guid>, AppDbContext, Guid>
{
    public const string AuthenticatorKeyPurpose = "TenantSessions.Identity.AuthenticatorKey.v1";

    /// <summary>Marks a protected value; a stored key without it is one written in clear before keys were encrypted.</summary>
    private const string ProtectedPrefix = "dp:";

    private readonly IDataProtector _authenticatorKeys;

    public StagedUserStore(AppDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
        : base(context, describer)
    {
        AutoSaveChanges = false;
        _authenticatorKeys = dataProtection.CreateProtector(AuthenticatorKeyPurpose);
    }

    /// <summary>
    /// A user created in this same unit of work is still to be inserted: the base store would attach it as an existing
    /// row (an UPDATE of nothing), so it is left as it is. A user already updated in this unit of work (several
    /// <c>UserManager</c> calls in one command) stays as it is too: the base store's <c>Attach</c> would mark it unchanged
    /// and take the stamp staged a moment ago for the one in the database, so the commit would find no such row.
    /// </summary>
    public override Task<IdentityResult> UpdateAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Context.Entry(user).State is EntityState.Added or EntityState.Modified)
        {
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            return Task.FromResult(IdentityResult.Success);
        }

        return base.UpdateAsync(user, cancellationToken);
    }

    public override Task SetAuthenticatorKeyAsync(ApplicationUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, ProtectedPrefix + _authenticatorKeys.Protect(key), cancellationToken);

    /// <summary>The key in clear; a key stored in clear by an older version is read as it is (the next reset encrypts it).</summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        return stored is not null && stored.StartsWith(ProtectedPrefix, StringComparison.Ordinal)
            ? _authenticatorKeys.Unprotect(stored[ProtectedPrefix.Length..])
            : stored;
    }
}
