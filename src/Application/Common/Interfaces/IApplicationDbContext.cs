using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Email;
using TenantSessions.Domain.Passkeys;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.SecondFactors;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Common.Interfaces;

/// <summary>
/// The database as the use cases see it. Tenant-owned sets are filtered to the current tenant;
/// platform code calls <c>IgnoreQueryFilters()</c> explicitly.
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Tenant> Tenants { get; }

    DbSet<Session> Sessions { get; }

    DbSet<ApplicationUser> Users { get; }

    DbSet<IdentityUserRole<Guid>> UserRoles { get; }

    DbSet<IdentityRole<Guid>> Roles { get; }

    DbSet<RevocationEntry> RevocationFeed { get; }

    DbSet<AuditEvent> AuditEvents { get; }

    /// <summary>E-mails waiting to be sent; not tenant-filtered (the delivery job serves every tenant).</summary>
    DbSet<OutboxMessage> EmailOutbox { get; }

    /// <summary>E-mailed single-use secrets (reset, verification, invitation), filtered to the current tenant.</summary>
    DbSet<AccountToken> AccountTokens { get; }
    DbSet<PendingSignIn> PendingSignIns { get; }

    /// <summary>Passkey challenges handed out and not yet answered, filtered to the current tenant.</summary>
    DbSet<PasskeyChallenge> PasskeyChallenges { get; }

    /// <summary>The workspace's OIDC connections, filtered to the current tenant.</summary>
    DbSet<SsoConnection> SsoConnections { get; }

    /// <summary>What the IdP said about each session signed in through it (issuer, sub, sid), filtered to the current tenant.</summary>
    DbSet<SsoSessionLink> SsoSessionLinks { get; }

    /// <summary>Logout tokens already accepted (connection + jti), not tenant-filtered: the receiver has no session.</summary>
    DbSet<SsoLogoutToken> SsoLogoutTokens { get; }

    /// <summary>The workspace's webhook endpoints (ADR-029), filtered to the current tenant.</summary>
    DbSet<WebhookEndpoint> WebhookEndpoints { get; }

    /// <summary>The webhook outbox: one row per audit event and endpoint; not tenant-filtered (the delivery job serves every tenant).</summary>
    DbSet<WebhookDelivery> WebhookDeliveries { get; }

    /// <summary>The workspace's SCIM bearer tokens (hashed), filtered to the current tenant.</summary>
    DbSet<ScimToken> ScimTokens { get; }

    /// <summary>What the workspace's directory said about its members over SCIM, filtered to the current tenant.</summary>
    DbSet<DirectoryUser> DirectoryUsers { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
