namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// The live set of recent revocations every node holds in memory. A cookie-cache hit is accepted only when
/// this feed is trusted and says nothing against it; otherwise the database decides.
/// Entries are written as <see cref="Domain.Sessions.RevocationEntry"/> rows in the same unit of work as the
/// revocation itself and announced after it commits.
/// </summary>
internal interface IRevocationFeed
{
    /// <summary>False when this node may have missed entries (feed unreachable): cache hits must not be trusted.</summary>
    bool IsTrusted { get; }

    bool IsRevoked(Guid sessionId, Guid userId, Guid? tenantId, DateTimeOffset cacheIssuedAt);

    /// <summary>
    /// When the feed is not trusted, tries to catch up with it now (one read of the feed table, shared by every request
    /// that asks meanwhile); true when it is trusted afterwards. A request whose cache cookie met an untrusted feed asks
    /// this before it goes to the database, so a poll loop that fell behind (a busy CPU, a starved thread pool) costs
    /// one feed read instead of turning every cache hit into a database check.
    /// </summary>
    ValueTask<bool> CatchUpAsync(CancellationToken cancellationToken) => ValueTask.FromResult(IsTrusted);
}
