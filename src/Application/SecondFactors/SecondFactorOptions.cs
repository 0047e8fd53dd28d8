namespace TenantSessions.Application.SecondFactors;

/// <summary><c>TwoFactor:*</c> settings.</summary>
public sealed class SecondFactorOptions
{
    public const string SectionName = "TwoFactor";

    /// <summary>The issuer authenticator apps show next to the account.</summary>
    public string Issuer { get; set; } = "TenantSessions";

    /// <summary>How long a correct password waits for its second factor (the pending-sign-in cookie and row).</summary>
    public TimeSpan PendingSignInLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wrong codes one pending sign-in may take before it is thrown away and the password is asked again.</summary>
    public int MaxAttemptsPerPendingSignIn { get; set; } = 5;

    /// <summary>
    /// Superadmins on the platform host must use a second factor. Unset: on, unless the demo data is seeded
    /// (<c>Demo:Seed</c>), so the demo credentials work.
    /// </summary>
    public bool? RequireForSuperadmins { get; set; }

    public const int RecoveryCodeCount = 10;
}
