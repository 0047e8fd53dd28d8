using TenantSessions.Application.Common.Models;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Application.Sessions;

/// <summary>Platform-wide session settings (<c>Sessions:*</c>); a tenant's policy overrides some of them.</summary>
public sealed class SessionEngineOptions
{
    public const string SectionName = "Sessions";

    public TimeSpan ExpiresIn { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan UpdateAge { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan CookieCacheMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan FreshAge { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Lifetime of a session when "remember me" is off (the cookie itself is a browser-session cookie).</summary>
    public TimeSpan NonPersistentExpiresIn { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan LastSeenResolution { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After a rotation (step-up, password change), how long the retired verifier is refused quietly as an old cookie
    /// still in flight (a request sent just before the new cookie arrived) rather than treated as a stolen copy
    /// (<c>TOKEN_REPLAY</c>, ADR-030).
    /// </summary>
    public TimeSpan RetiredTokenGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The platform's idle timeout: a session not used for this long is refused (<c>IDLE_TIMEOUT</c>) and ended. Null
    /// (the default): off; a workspace can still set its own (ADR-024).
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    public int? MaxConcurrentSessions { get; set; }

    /// <summary>How long revoked sessions are kept as history (who ended them, when, why) before the purge removes them.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    public SessionPurgeOptions Purge { get; set; } = new();

    public string CookieName { get; set; } = "ts_session";

    public string CacheCookieName { get; set; } = "ts_session_cache";

    public SessionTimeouts TimeoutsFor(TenantInfo? tenant) => TimeoutsFor(tenant?.Policy);

    public SessionTimeouts TimeoutsFor(TenantSessionPolicy? policy) => SessionPolicyResolution.Resolve(policy, this);

    public int? MaxConcurrentSessionsFor(TenantInfo? tenant) => tenant?.Policy.MaxConcurrentSessions ?? MaxConcurrentSessions;
}
