using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Passwords;

/// <summary>
/// Checks a password with Identity's hasher. Guessing is slowed by <see cref="SignInThrottle"/> (progressive delays per
/// address + account and per account), never by locking the account: a correct password always counts as correct
/// (ADR-011). Bans are the only lock on a password, and they are an administrator's decision. Second-factor codes,
/// which only someone who knew the password can try, go through <see cref="AttemptAsync"/>: a reserved slot per
/// attempt and a short lockout after <c>MaxFailedAccessAttempts</c> wrong codes (ADR-013).
/// </summary>
public sealed class PasswordCheck(
    IApplicationDbContext db,
    UserManager<ApplicationUser> users,
    IOptions<IdentityOptions> identity,
    SignInThrottle throttle,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<PasswordCheck> logger)
{
    public const string StepUpScope = "step-up";

    public bool IsCorrect(ApplicationUser user, string password) =>
        users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// One attempt at a second-factor secret of <paramref name="user"/> (authenticator code, recovery code) under a
    /// reservation and a short lockout (only someone who knew the password gets this far): <paramref name="verify"/> runs only if a slot was reserved.
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

    /// <summary>
    /// The password check of a signed-in caller (step-up, password change), throttled per account and per session: a
    /// stolen session cannot guess at full speed, and nobody else's wrong guesses slow the owner's session.
    /// </summary>
    public async Task<ApplicationUser> VerifyCallerAsync(string? password, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        using var attempt = await throttle.BeginAsync(StepUpScope, user.Id.ToString(), current.SessionId?.ToString(), cancellationToken);
        if (!IsCorrect(user, password ?? ""))
        {
            attempt.Failed();
            logger.LogInformation("Password check failed for user {UserId}", user.Id);
            throw new RefusalException(ErrorCodes.InvalidPassword, "That is not your current password.");
        }

        attempt.Succeeded();
        return user;
    }

    public Task<int> ResetFailuresAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, 0), cancellationToken);

    /// <summary>Locked after too many wrong second-factor codes (a ban is <see cref="Bans"/>, not this).</summary>
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

        if (!IsCorrect(user, password))
        {
            throw wrongPassword();
        }

        throw new RefusalException(ErrorCodes.AccountDisabled, "An administrator of this workspace has banned your account.");
    }

    public static RefusalException Locked() =>
        new(ErrorCodes.AccountLocked, "Too many failed attempts. Try again in a few minutes.");

    private Task<int> LockAsync(Guid userId, DateTimeOffset until, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, until), cancellationToken);
}
