using TenantSessions.Application.Common.Models;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions;

/// <summary>Creates sessions: a fresh CSPRNG token per sign-in, the tenant's policy (lifetime, concurrency cap) applied.</summary>
public interface ISessionIssuer
{
    Task<IssuedSession> IssueAsync(ApplicationUser user, TenantInfo? tenant, bool persistent, ClientInfo client, CancellationToken cancellationToken);

    /// <summary>
    /// Step-up on a live session of <paramref name="user"/>: a new token (the old one stops matching any row at once),
    /// <c>AuthenticatedAt = now</c>, the expiry slid (never past the absolute cap), and a user "not before" feed entry so
    /// no cookie cache minted for the old token is trusted again. Saves.
    /// </summary>
    Task<IssuedSession> ReauthenticateAsync(ApplicationUser user, Guid sessionId, TenantInfo? tenant, CancellationToken cancellationToken);
}
