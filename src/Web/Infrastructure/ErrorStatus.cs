using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Passkeys;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.Sso;

namespace TenantSessions.Web.Infrastructure;

/// <summary>The HTTP status of each Application error code: the only place codes meet statuses.</summary>
public static class ErrorStatus
{
    public static int For(string code) => code switch
    {
        ErrorCodes.Unauthenticated or ErrorCodes.SessionExpired or ErrorCodes.SessionRevoked or ErrorCodes.IdleTimeout or ErrorCodes.InvalidCredentials
            => StatusCodes.Status401Unauthorized,
        SecondFactorErrors.InvalidTwoFactorCookie or SecondFactorErrors.InvalidCode or SecondFactorErrors.InvalidBackupCode or PasskeyErrors.PasskeyRefused
            => StatusCodes.Status401Unauthorized,
        SecondFactorErrors.TwoFactorRequired => StatusCodes.Status403Forbidden,
        SecondFactorErrors.TwoFactorAlreadyEnabled => StatusCodes.Status409Conflict,
        ErrorCodes.SessionNotFresh or ErrorCodes.TenantSuspended or ErrorCodes.AccountDisabled or ErrorCodes.Forbidden or ErrorCodes.SignUpNotAllowed
            or ErrorCodes.InvalidOrigin or ErrorCodes.ImpersonationRefused
            => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound or ErrorCodes.TenantNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ConcurrentSessionLimit or ErrorCodes.Conflict or ErrorCodes.SoleAdministrator => StatusCodes.Status409Conflict,
        ErrorCodes.UserAlreadyExists => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.AccountLocked or ErrorCodes.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorCodes.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        SsoDomainErrors.SsoRequired => StatusCodes.Status403Forbidden,
        SsoDomainErrors.AlreadyVerified => StatusCodes.Status409Conflict,
        SsoDomainErrors.NoPendingVerification => StatusCodes.Status404NotFound,
        SsoDomainErrors.VerificationFailed or SsoDomainErrors.DnsUnavailable => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status400BadRequest,
    };

    public static int Of(RefusalException error) => For(error.Code);

    /// <summary>
    /// The status of a request whose session the engine refused, whatever the reason's code: 401, because the request no
    /// longer carries valid credentials (RFC 9110 15.5.2). A suspended workspace's member who is still signed in gets
    /// 401 <c>TENANT_SUSPENDED</c> (the session ended); the same code on a sign-in attempt is <see cref="For"/>'s 403 (the
    /// credentials are fine, the workspace refuses).
    /// </summary>
    public static int ForChallenge(string code) => StatusCodes.Status401Unauthorized;

    /// <summary>The status of a request the session scheme authenticated but whose caller may not do this.</summary>
    public static int ForForbidden => For(ErrorCodes.Forbidden);
}
