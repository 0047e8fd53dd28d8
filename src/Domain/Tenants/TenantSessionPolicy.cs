namespace TenantSessions.Domain.Tenants;

/// <summary>
/// A tenant's overrides of the platform session defaults. A <c>null</c> value means "use the platform default".
/// </summary>
public sealed record TenantSessionPolicy
{
    public TimeSpan? ExpiresIn { get; init; }

    public TimeSpan? UpdateAge { get; init; }

    public TimeSpan? FreshAge { get; init; }

    public TimeSpan? AbsoluteLifetime { get; init; }

    public int? MaxConcurrentSessions { get; init; }

    /// <summary>A session not used for this long is refused (<c>IDLE_TIMEOUT</c>); null = the platform default (off unless configured).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    public ConcurrentSessionAction ConcurrentSessionAction { get; init; } = ConcurrentSessionAction.EndOldest;
}

public enum ConcurrentSessionAction
{
    EndOldest = 0,
    RefuseNew = 1,
}
