using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Passwords;

/// <summary>
/// Checks a password with Identity's hasher and lockout policy, safely under parallel bursts and across nodes:
/// each attempt first reserves a slot with an atomic <c>AccessFailedCount + 1</c> in the database, and only the
/// first <c>MaxFailedAccessAttempts</c> reservations are ever verified. The count is kept while locked (so
/// reservations racing the lock still see it) and starts again at the first attempt after the lockout ends.
/// Success resets it.
/// </summary>
public sealed class PasswordCheck(
    IApplicationDbContext db,
    UserManager<ApplicationUser> users,
    IOptions<IdentityOptions> identity,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<PasswordCheck> logger)
{
    /// <param name="resetFailuresOnSuccess">
    /// False when a second factor still has to follow: a right password then only gives its own reservation back, and
    /// the earlier failures stay counted across the password and the codes, so knowing the password does not buy fresh
    /// guesses at the code.
    /// </param>
    public Task<bool> IsCorrectAsync(ApplicationUser user, string password, CancellationToken cancellationToken, bool resetFailuresOnSuccess = true) =>
        AttemptAsync(
            user,
            _ => Task.FromResult(users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password) != PasswordVerificationResult.Failed),
            resetFailuresOnSuccess,
            cancellationToken);

    /// <summary>
    /// One attempt at any secret of <paramref name="user"/> (password, authenticator code, recovery code) under the same
    /// reservation and lockout as passwords: <paramref name="verify"/> runs only if a slot was reserved.
    /// </summary>
    public async Task<bool> AttemptAsync(ApplicationUser user, Func<CancellationToken, Task<bool>> verify, bool resetFailuresOnSuccess, CancellationToken cancellationToken)
    {
        var lockout = identity.Value.Lockout;
        var now = clock.GetUtcNow();
        var reserved = await db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(u => u.AccessFailedCount, u => u.LockoutEnd != null ? 1 : u.AccessFailedCount + 1)
                    .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null),
                cancellationToken);
        if (reserved == 0)
        {
            throw Locked();
        }

        var attempt = await db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id).Select(u => u.AccessFailedCount).SingleAsync(cancellationToken);
        if (attempt > lockout.MaxFailedAccessAttempts)
        {
            await LockAsync(user.Id, now + lockout.DefaultLockoutTimeSpan, cancellationToken);
            throw Locked();
        }

        if (await verify(cancellationToken))
        {
            if (resetFailuresOnSuccess)
            {
                await ResetFailuresAsync(user.Id, cancellationToken);
            }
            else
            {
                await db.Users.IgnoreQueryFilters()
                    .Where(u => u.Id == user.Id && u.AccessFailedCount > 0)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount - 1), cancellationToken);
            }

            return true;
        }

        if (attempt >= lockout.MaxFailedAccessAttempts)
        {
            await LockAsync(user.Id, now + lockout.DefaultLockoutTimeSpan, cancellationToken);
        }

        return false;
    }

    /// <summary>The password check of a signed-in caller (step-up, password change).</summary>
    public async Task<ApplicationUser> VerifyCallerAsync(string? password, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new SessionErrorException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (IsLockedOut(user))
        {
            logger.LogWarning("Password check refused: user {UserId} is locked out", user.Id);
            throw Locked();
        }

        if (!await IsCorrectAsync(user, password ?? "", cancellationToken))
        {
            logger.LogInformation("Password check failed for user {UserId}", user.Id);
            throw new SessionErrorException(ErrorCodes.InvalidPassword, "That is not your current password.");
        }

        return user;
    }

    public Task<int> ResetFailuresAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, 0), cancellationToken);

    public bool IsLockedOut(ApplicationUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    /// <summary>
    /// A banned account answers like a wrong password unless the password is right, so a ban does not tell a stranger
    /// that the account exists.
    /// </summary>
    public void ThrowIfBanned(ApplicationUser user, string password, Func<Exception> wrongPassword)
    {
        if (!Bans.IsBanned(user.LockoutEnd))
        {
            return;
        }

        if (users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password) == PasswordVerificationResult.Failed)
        {
            throw wrongPassword();
        }

        throw new SessionErrorException(ErrorCodes.AccountDisabled, "Your account has been disabled by an administrator of this workspace.");
    }

    public static SessionErrorException Locked() =>
        new(ErrorCodes.AccountLocked, "Too many failed attempts. Try again in a few minutes.");

    private Task<int> LockAsync(Guid userId, DateTimeOffset until, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, until), cancellationToken);
}
