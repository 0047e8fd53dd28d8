namespace TenantSessions.Domain.Sessions;

/// <summary>Why a session ended; stored on the row and shown to the person whose session it was.</summary>
public static class RevokeReasons
{
    public const string SignedOut = "SIGNED_OUT";
    public const string RevokedByUser = "REVOKED_BY_USER";
    public const string RevokedByAdmin = "REVOKED_BY_ADMIN";
    public const string RevokedByPlatform = "REVOKED_BY_PLATFORM";
    public const string TenantSuspended = "TENANT_SUSPENDED";
    public const string ConcurrencyLimit = "CONCURRENCY_LIMIT";
    public const string PasswordChanged = "PASSWORD_CHANGED";
    public const string PasswordReset = "PASSWORD_RESET";
    public const string UserLocked = "USER_LOCKED";

    /// <summary>The administrator stopped acting as the person (or the impersonation's hour ran out and it was stopped).</summary>
    public const string ImpersonationEnded = "IMPERSONATION_ENDED";

    /// <summary>The account was deleted, by its person or an administrator.</summary>
    public const string AccountDeleted = "ACCOUNT_DELETED";

    /// <summary>Ended when a tenant admin tightened the workspace's session policy (lifetime, absolute cap, device cap).</summary>
    public const string WorkspacePolicy = "WORKSPACE_POLICY";

    /// <summary>Not used for as long as the idle timeout (<c>idleTimeout</c>): refused at its next request and ended by the engine.</summary>
    public const string IdleTimeout = "IDLE_TIMEOUT";

    /// <summary>
    /// A cookie holding the verifier a rotation (step-up, password change) had retired was presented after the grace:
    /// someone holds a copy of the old cookie, so the session ended (ADR-030).
    /// </summary>
    public const string TokenReplay = "TOKEN_REPLAY";

    /// <summary>The old address answered "this wasn't me" to an e-mail change: the address is back and every session ended (ADR-030).</summary>
    public const string EmailChangeUndone = "EMAIL_CHANGE_UNDONE";

    /// <summary>Never stored: what the session history reports for a session that ran out rather than being ended.</summary>
    public const string Expired = "EXPIRED";
}
