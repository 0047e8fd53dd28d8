namespace TenantSessions.Domain.Email;

/// <summary>What an outbox message is about, stored with it (for the record and for tests; never the content).</summary>
public static class EmailKinds
{
    public const string PasswordReset = "password-reset";
    public const string Impersonated = "impersonated";
    public const string AccountDeleted = "account-deleted";
    public const string PasswordResetNoAccount = "password-reset-no-account";
    public const string Invitation = "invitation";
    public const string EmailVerification = "email-verification";
    public const string WorkspaceStart = "workspace-start";
    public const string SignUpExistingAccount = "sign-up-existing-account";
    public const string NewSignIn = "new-sign-in";
    public const string SessionsEnded = "sessions-ended";
    public const string PasswordChanged = "password-changed";
    public const string AccountBanned = "account-banned";
    public const string TokenReplayed = "token-replayed";
    public const string EmailChange = "email-change";
    public const string EmailChangeTaken = "email-change-taken";
    public const string EmailChanged = "email-changed";
}
