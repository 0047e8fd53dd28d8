namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>A browser journey: skipped when Chromium is missing on a developer's machine, failed when it is missing under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}
