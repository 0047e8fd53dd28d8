namespace TenantSessions.Domain.Sessions;

/// <summary>How a session was authenticated, as <see cref="Session.AuthenticationMethod"/> records it. Stable strings: never rename one.</summary>
public static class AuthenticationMethods
{
    public const string Password = "password";
    public const string PasswordAndTotp = "password+totp";
    public const string PasswordAndRecoveryCode = "password+recovery-code";
    public const string Passkey = "passkey";
    public const string Sso = "sso";

    /// <summary>An administrator acting as the person (impersonation): nobody proved to be them.</summary>
    public const string Impersonation = "impersonation";

    public const int MaxLength = 32;

    public static string Describe(string method) => method switch
    {
        Password => "Password",
        PasswordAndTotp => "Password and authenticator code",
        PasswordAndRecoveryCode => "Password and recovery code",
        Passkey => "Passkey",
        Impersonation => "An administrator acting as you",
        Sso => "Single sign-on",
        _ => method,
    };
}
