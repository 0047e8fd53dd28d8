using TenantSessions.Application.Common.Models;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions;

/// <summary>Creates sessions: a fresh CSPRNG token per sign-in, the tenant's policy (lifetime, concurrency cap) applied.</summary>
public interface ISessionIssuer
{
    Task<IssuedSession> IssueAsync(ApplicationUser user, TenantInfo? tenant, bool persistent, ClientInfo client, CancellationToken cancellationToken);
}
