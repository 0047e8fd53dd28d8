using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Sso;

namespace TenantSessions.Infrastructure.Data.Configurations;

internal sealed class SsoConnectionConfiguration : IEntityTypeConfiguration<SsoConnection>
{
    public void Configure(EntityTypeBuilder<SsoConnection> builder)
    {
        builder.ToTable("SsoConnections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => new { c.TenantId, c.ProviderId }).IsUnique();
        builder.Property(c => c.ProviderId).HasMaxLength(SsoConnection.ProviderIdMaxLength);
        builder.Property(c => c.DisplayName).HasMaxLength(100);
        builder.Property(c => c.Issuer).HasMaxLength(2048);
        builder.Property(c => c.Domain).HasMaxLength(1024);
        builder.Property(c => c.ClientId).HasMaxLength(512);
        builder.Property(c => c.ProtectedClientSecret).HasMaxLength(4096);
        builder.Property(c => c.Scopes).HasMaxLength(1024);
        builder.Property(c => c.DiscoveryEndpoint).HasMaxLength(2048);
        builder.Property(c => c.AuthorizationEndpoint).HasMaxLength(2048);
        builder.Property(c => c.TokenEndpoint).HasMaxLength(2048);
        builder.Property(c => c.UserInfoEndpoint).HasMaxLength(2048);
        builder.Property(c => c.JwksEndpoint).HasMaxLength(2048);
        builder.Property(c => c.EndSessionEndpoint).HasMaxLength(2048);
        builder.Property(c => c.EmailClaim).HasMaxLength(100);
        builder.Property(c => c.EmailVerifiedClaim).HasMaxLength(100);
        builder.Property(c => c.NameClaim).HasMaxLength(100);
        builder.Property(c => c.DefaultRole).HasMaxLength(32);
        builder.Property(c => c.DomainVerificationToken).HasMaxLength(64);
        builder.Property(c => c.DomainVerifiedBy).HasMaxLength(16);
        builder.Ignore(c => c.Domains);
    }
}

internal sealed class SsoSessionLinkConfiguration : IEntityTypeConfiguration<SsoSessionLink>
{
    public void Configure(EntityTypeBuilder<SsoSessionLink> builder)
    {
        builder.ToTable("SsoSessionLinks");
        builder.HasKey(l => l.SessionId);
        builder.Property(l => l.SessionId).ValueGeneratedNever();
        builder.Property(l => l.Issuer).HasMaxLength(2048);
        builder.Property(l => l.Subject).HasMaxLength(255);
        builder.Property(l => l.IdpSessionId).HasMaxLength(255);
        builder.Property(l => l.ProtectedIdToken).HasMaxLength(16384);
        builder.HasIndex(l => new { l.ConnectionId, l.Subject });
        builder.HasOne<Session>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SsoConnection>().WithMany().HasForeignKey(l => l.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.ConnectionId, l.IdpSessionId });
    }
}

internal sealed class SsoLogoutTokenConfiguration : IEntityTypeConfiguration<SsoLogoutToken>
{
    public void Configure(EntityTypeBuilder<SsoLogoutToken> builder)
    {
        builder.ToTable("SsoLogoutTokens");
        builder.HasKey(t => new { t.ConnectionId, t.Jti });
        builder.Property(t => t.Jti).HasMaxLength(255);
        builder.HasIndex(t => t.ExpiresAt);
    }
}
