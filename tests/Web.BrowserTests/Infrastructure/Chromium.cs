namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, which every browser test drives. Playwright never downloads a browser here. Without
/// Chromium the tests are skipped on a developer's machine and fail under CI (<c>CI</c> is set).
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("TENANTSESSIONS_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsRequired => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath}. Install Debian's package (apt-get install chromium; ./test.sh does it) "
        + "or point TENANTSESSIONS_CHROMIUM at a Chromium binary. Browser tests never download a browser.";

    /// <summary>The reason to skip a browser test, or null to run it (always run under CI, so a missing browser fails).</summary>
    public static string? SkipReason => IsInstalled || IsRequired ? null : MissingMessage;
}
