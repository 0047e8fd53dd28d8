namespace TenantSessions.Domain.Sessions;

/// <summary>The effective timeouts for one tenant: platform defaults with the tenant's overrides applied.</summary>
/// <param name="IdleTimeout">A session not used for this long is refused (<c>IDLE_TIMEOUT</c>); null: no idle limit.</param>
public sealed record SessionTimeouts(
    TimeSpan ExpiresIn,
    TimeSpan UpdateAge,
    TimeSpan FreshAge,
    TimeSpan AbsoluteLifetime,
    TimeSpan NonPersistentExpiresIn,
    TimeSpan? IdleTimeout = null);
