namespace TenantSessions.Infrastructure.SessionEngine.CookieCache;

/// <summary>A MAC key of the cookie cache, stored encrypted with Data Protection so every node shares the ring.</summary>
public sealed class CookieCacheKey
{
    public required string Id { get; init; }

    public required string ProtectedKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
