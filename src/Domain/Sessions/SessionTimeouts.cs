namespace TenantSessions.Domain.Sessions;

/// <summary>The effective timeouts for one tenant: platform defaults with the tenant's overrides applied.</summary>
public sealed record SessionTimeouts(
    TimeSpan ExpiresIn,
    TimeSpan UpdateAge,
    TimeSpan FreshAge,
    TimeSpan AbsoluteLifetime,
    TimeSpan NonPersistentExpiresIn);
