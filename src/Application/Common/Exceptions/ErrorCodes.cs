namespace TenantSessions.Application.Common.Exceptions;

/// <summary>The stable <c>code</c> values of our ProblemDetails. Clients switch on these; never rename one.</summary>
public static class ErrorCodes
{
    public const string SessionExpired = "SESSION_EXPIRED";
    public const string SessionRevoked = "SESSION_REVOKED";

    /// <summary>The session was not used for the workspace's idle timeout; it has been ended.</summary>
    public const string IdleTimeout = "IDLE_TIMEOUT";
    public const string SessionNotFresh = "SESSION_NOT_FRESH";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string TenantSuspended = "TENANT_SUSPENDED";
    public const string TenantNotFound = "TENANT_NOT_FOUND";
    public const string InvalidCredentials = "INVALID_EMAIL_OR_PASSWORD";
    public const string InvalidPassword = "INVALID_PASSWORD";
    public const string AccountLocked = "ACCOUNT_LOCKED";
    public const string AccountDisabled = "ACCOUNT_DISABLED";
    public const string UserAlreadyExists = "USER_ALREADY_EXISTS";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";
    public const string Forbidden = "FORBIDDEN";
    public const string TooManyRequests = "TOO_MANY_REQUESTS";
    public const string ConcurrentSessionLimit = "CONCURRENT_SESSION_LIMIT";
    public const string InvalidOrigin = "INVALID_ORIGIN";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidToken = "INVALID_TOKEN";
    public const string SignUpNotAllowed = "SIGN_UP_NOT_ALLOWED";
    public const string ImpersonationRefused = "IMPERSONATION_REFUSED";
    public const string NotImpersonating = "NOT_IMPERSONATING";

    /// <summary>The workspace's only administrator cannot delete their account (or be removed) until someone else is one.</summary>
    public const string SoleAdministrator = "SOLE_ADMINISTRATOR";

    /// <summary>An administrator's own account is deleted with delete-user, never removed with remove-user.</summary>
    public const string CannotRemoveYourself = "YOU_CANNOT_REMOVE_YOURSELF";
}
