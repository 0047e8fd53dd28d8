namespace TenantSessions.Domain.Audit;

public static class AuditActions
{
    public const string SignedUp = "session.signed_up";
    public const string SignedIn = "session.signed_in";
    public const string SignedOut = "session.signed_out";
    public const string SessionRevoked = "session.revoked";
    public const string SessionsEndedFromConsole = "session.console_revoked";
    public const string Reauthenticated = "session.reauthenticated";
    public const string TokenReplayed = "session.token_replayed";
    public const string TenantSuspended = "tenant.suspended";
    public const string TenantReactivated = "tenant.reactivated";
    public const string TenantRenamed = "tenant.renamed";
    public const string UserBanned = "user.banned";
    public const string UserUnbanned = "user.unbanned";
    public const string LockoutLifted = "user.lockout_lifted";
    public const string PolicyChanged = "tenant.policy_changed";
    public const string PasswordChanged = "user.password_changed";
    public const string PasswordReset = "user.password_reset";
    public const string PasswordResetRequested = "user.password_reset_requested";
    public const string EmailVerified = "user.email_verified";
    public const string InvitationSent = "tenant.invitation_sent";
    public const string InvitationCancelled = "tenant.invitation_cancelled";
    public const string InvitationAccepted = "tenant.invitation_accepted";
    public const string TwoFactorEnabled = "user.two_factor_enabled";
    public const string TwoFactorDisabled = "user.two_factor_disabled";
    public const string TwoFactorReset = "user.two_factor_reset";
    public const string RecoveryCodesRegenerated = "user.recovery_codes_regenerated";
    public const string RecoveryCodeUsed = "user.recovery_code_used";
    public const string SecondFactorFailed = "user.second_factor_failed";
    public const string PasskeyAdded = "user.passkey_added";
    public const string PasskeyRemoved = "user.passkey_removed";
    public const string UserCreated = "user.created";
    public const string ImpersonationStarted = "session.impersonation_started";
    public const string ImpersonationStopped = "session.impersonation_stopped";
    public const string ImpersonationPolicyChanged = "tenant.impersonation_policy_changed";
    public const string AccountDeleted = "user.deleted";
    public const string UserRemoved = "user.removed";
    public const string RoleChanged = "user.role_changed";
    public const string NameChanged = "user.name_changed";
    public const string EmailChangeRequested = "user.email_change_requested";
    public const string EmailChanged = "user.email_changed";
    public const string EmailChangeUndone = "user.email_change_undone";
    public const string PasswordSetByAdmin = "user.password_set";
    public const string TwoFactorRequirementChanged = "tenant.two_factor_requirement_changed";
    public const string AuditRetentionChanged = "tenant.audit_retention_changed";
}
