using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Application.Sessions;

/// <summary>
/// Turns a tenant's policy (null = "inherit the platform default") into the timeouts in force. An inherited value
/// bends to fit the values the tenant did set, so one sensible change saves on its own (ADR-010a):
/// <list type="bullet">
/// <item>lifetime (<c>expiresIn</c>): the default, kept between the tenant's refresh interval and absolute lifetime;</item>
/// <item>refresh interval (<c>updateAge</c>): the default, scaled down in the platform's proportion when the lifetime
/// is shorter than the platform's (7 days / 1 day → a 1-hour lifetime refreshes every 8 min 34 s), never under 1 minute;</item>
/// <item>absolute lifetime: the default, raised to the lifetime when the tenant set a longer one;</item>
/// <item>idle timeout: the tenant's, else the platform's (null: off); it never bends, a limit longer than the lifetime
/// simply never decides.</item>
/// </list>
/// Values the tenant set are never changed: contradicting explicit values are still refused by the validator.
/// </summary>
public static class SessionPolicyResolution
{
    public static readonly TimeSpan MinUpdateAge = TimeSpan.FromMinutes(1);

    public static SessionTimeouts Resolve(TenantSessionPolicy? policy, SessionEngineOptions defaults)
    {
        var expiresIn = policy?.ExpiresIn ?? InheritedExpiresIn(policy, defaults);
        var updateAge = policy?.UpdateAge ?? InheritedUpdateAge(expiresIn, defaults);
        var absolute = policy?.AbsoluteLifetime ?? Max(defaults.AbsoluteLifetime, expiresIn);
        return new SessionTimeouts(
            expiresIn, updateAge, policy?.FreshAge ?? defaults.FreshAge, absolute, defaults.NonPersistentExpiresIn, policy?.IdleTimeout ?? defaults.IdleTimeout);
    }

    private static TimeSpan InheritedExpiresIn(TenantSessionPolicy? policy, SessionEngineOptions defaults)
    {
        var value = defaults.ExpiresIn;
        if (policy?.AbsoluteLifetime is { } absolute && value > absolute)
        {
            value = absolute;
        }

        if (policy?.UpdateAge is { } updateAge && value < updateAge)
        {
            value = updateAge;
        }

        return value;
    }

    private static TimeSpan InheritedUpdateAge(TimeSpan expiresIn, SessionEngineOptions defaults)
    {
        if (expiresIn >= defaults.ExpiresIn || defaults.ExpiresIn <= TimeSpan.Zero)
        {
            return Min(defaults.UpdateAge, expiresIn);
        }

        var scaled = TimeSpan.FromSeconds(Math.Floor(expiresIn.TotalSeconds * defaults.UpdateAge.TotalSeconds / defaults.ExpiresIn.TotalSeconds));
        return Min(Max(scaled, MinUpdateAge), expiresIn);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
