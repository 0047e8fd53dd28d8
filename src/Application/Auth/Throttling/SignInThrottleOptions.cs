namespace TenantSessions.Application.Auth.Throttling;

/// <summary>
/// <c>SignInThrottle:*</c>: how many wrong passwords are free before each further attempt has to wait, per client
/// address and account and (a much higher budget) per account from every address; how the wait grows; when failures are
/// forgotten.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "SignInThrottle";

    public int FreeFailuresPerAddress { get; set; } = 5;

    public int FreeFailuresPerAccount { get; set; } = 100;

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Above this many tracked keys, forgotten ones are swept on the next failure (memory stays bounded under a spray of made-up e-mails).</summary>
    public int SweepAbove { get; set; } = 10_000;
}
