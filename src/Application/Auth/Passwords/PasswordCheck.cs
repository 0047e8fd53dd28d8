using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Passwords;

/// <summary>
/// Checks a password with Identity's hasher. Guessing is slowed by <see cref="SignInThrottle"/> (progressive delays per
/// address + account and per account), never by locking the account: a correct password always counts as correct
/// (ADR-011). Bans are the only lock, and they are an administrator's decision.
/// </summary>
public sealed class PasswordCheck(
    UserManager<ApplicationUser> users,
    SignInThrottle throttle,
    ICurrentSession current,
    ILogger<PasswordCheck> logger)
{
    public const string StepUpScope = "step-up";

    public bool IsCorrect(ApplicationUser user, string password) =>
        users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// The password check of a signed-in caller (step-up, password change), throttled per account and per session: a
    /// stolen session cannot guess at full speed, and nobody else's wrong guesses slow the owner's session.
    /// </summary>
    public async Task<ApplicationUser> VerifyCallerAsync(string? password, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new SessionErrorException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        using var attempt = await throttle.BeginAsync(StepUpScope, user.Id.ToString(), current.SessionId?.ToString(), cancellationToken);
        if (!IsCorrect(user, password ?? ""))
        {
            attempt.Failed();
            logger.LogInformation("Password check failed for user {UserId}", user.Id);
            throw new SessionErrorException(ErrorCodes.InvalidPassword, "That is not your current password.");
        }

        attempt.Succeeded();
        return user;
    }

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

        throw new SessionErrorException(ErrorCodes.AccountDisabled, "Your account has been disabled by an administrator of this workspace.");
    }
}
