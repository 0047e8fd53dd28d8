using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Application.SecondFactors;

/// <summary>The stable <c>code</c> values of the two-factor routes (Better Auth's names where it has one). Never rename one.</summary>
public static class SecondFactorErrors
{
    public const string InvalidTwoFactorCookie = "INVALID_TWO_FACTOR_COOKIE";
    public const string InvalidCode = "INVALID_CODE";
    public const string InvalidBackupCode = "INVALID_BACKUP_CODE";
    public const string TwoFactorNotEnabled = "TWO_FACTOR_NOT_ENABLED";
    public const string TwoFactorAlreadyEnabled = "TWO_FACTOR_ALREADY_ENABLED";
    public const string TwoFactorRequired = "TWO_FACTOR_REQUIRED";
    public const string TwoFactorNotStarted = "TWO_FACTOR_NOT_STARTED";

    public static RefusalException PendingSignInInvalid() =>
        new(InvalidTwoFactorCookie, "Your sign-in has expired or was already used. Enter your password again.");

    public static RefusalException WrongCode() =>
        new(InvalidCode, "That code is not right. Check your authenticator app and try again.");

    /// <summary>A right code of a time step already used: a code works once, so the next one from the app is needed.</summary>
    public static RefusalException CodeAlreadyUsed() =>
        new(InvalidCode, "That code was already used. Wait for the next code in your authenticator app and enter that one.");

    public static RefusalException WrongBackupCode() =>
        new(InvalidBackupCode, "That recovery code is not right, or it has already been used.");

    public static RefusalException NotEnabled() =>
        new(TwoFactorNotEnabled, "Two-factor authentication is not turned on for your account.");
}
