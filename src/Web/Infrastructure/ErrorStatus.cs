using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Passkeys;
using TenantSessions.Application.SecondFactors;

namespace TenantSessions.Web.Infrastructure;

/// <summary>The HTTP status of each Application error code: the only place codes meet statuses.</summary>
public static class ErrorStatus
{
    public static int For(string code) => code switch
    {
        ErrorCodes.Unauthenticated or ErrorCodes.SessionExpired or ErrorCodes.SessionRevoked or ErrorCodes.InvalidCredentials
            => StatusCodes.Status401Unauthorized,
        SecondFactorErrors.InvalidTwoFactorCookie or SecondFactorErrors.InvalidCode or SecondFactorErrors.InvalidBackupCode or PasskeyErrors.PasskeyRefused
            => StatusCodes.Status401Unauthorized,
        SecondFactorErrors.TwoFactorRequired => StatusCodes.Status403Forbidden,
        SecondFactorErrors.TwoFactorAlreadyEnabled => StatusCodes.Status409Conflict,
        ErrorCodes.SessionNotFresh or ErrorCodes.TenantSuspended or ErrorCodes.AccountDisabled or ErrorCodes.Forbidden or ErrorCodes.SignUpNotAllowed
            => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound or ErrorCodes.TenantNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ConcurrentSessionLimit or ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.UserAlreadyExists => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.AccountLocked or ErrorCodes.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorCodes.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static int Of(SessionErrorException error) => For(error.Code);
}
