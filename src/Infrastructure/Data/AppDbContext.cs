using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
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

namespace TenantSessions.Infrastructure.Data;

/// <summary>
/// The one model, shared by every provider. Provider subclasses (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>, <see cref="SqlServerAppDbContext"/>) exist only to own their migrations.
/// Users, sessions and audit events are filtered to the current tenant (platform host: tenant-less rows).
/// </summary>
public abstract class AppDbContext(DbContextOptions options, ICurrentTenant currentTenant)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IApplicationDbContext, IDataProtectionKeyContext
{
    private Guid? CurrentTenantId => currentTenant.Id;

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RevocationEntry> RevocationFeed => Set<RevocationEntry>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<OutboxMessage> EmailOutbox => Set<OutboxMessage>();

    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<PendingSignIn> PendingSignIns => Set<PendingSignIn>();

    public DbSet<PasskeyChallenge> PasskeyChallenges => Set<PasskeyChallenge>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SsoConnection> SsoConnections => Set<SsoConnection>();

    public DbSet<SsoSessionLink> SsoSessionLinks => Set<SsoSessionLink>();

    public DbSet<SsoLogoutToken> SsoLogoutTokens => Set<SsoLogoutToken>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ScimToken> ScimTokens => Set<ScimToken>();

    public DbSet<DirectoryUser> DirectoryUsers => Set<DirectoryUser>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        builder.Entity<ApplicationUser>().HasQueryFilter(u => u.TenantId == CurrentTenantId);
        builder.Entity<Session>().HasQueryFilter(s => s.TenantId == CurrentTenantId);
        builder.Entity<AuditEvent>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<AccountToken>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        builder.Entity<PendingSignIn>().HasQueryFilter(p => p.TenantId == CurrentTenantId);
        builder.Entity<PasskeyChallenge>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
        builder.Entity<SsoConnection>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
        builder.Entity<SsoSessionLink>().HasQueryFilter(l => l.TenantId == CurrentTenantId);
        builder.Entity<WebhookEndpoint>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ScimToken>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        builder.Entity<DirectoryUser>().HasQueryFilter(u => u.TenantId == CurrentTenantId);
    }
}
