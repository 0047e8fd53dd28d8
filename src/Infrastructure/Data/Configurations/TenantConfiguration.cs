using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Tenants;

namespace TenantSessions.Infrastructure.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("Tenants");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Slug).HasMaxLength(63).IsRequired();
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(200).IsRequired();
        builder.Property(t => t.SuspensionReason).HasMaxLength(500);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Ignore(t => t.IsActive);
        builder.Ignore(t => t.AllowedDomainList);
        builder.Property(t => t.AllowedEmailDomains).HasMaxLength(1000).IsRequired();
        builder.OwnsOne(t => t.Policy, policy =>
        {
            policy.Property(p => p.ExpiresIn).HasColumnName("PolicyExpiresIn");
            policy.Property(p => p.UpdateAge).HasColumnName("PolicyUpdateAge");
            policy.Property(p => p.FreshAge).HasColumnName("PolicyFreshAge");
            policy.Property(p => p.AbsoluteLifetime).HasColumnName("PolicyAbsoluteLifetime");
            policy.Property(p => p.MaxConcurrentSessions).HasColumnName("PolicyMaxConcurrentSessions");
            policy.Property(p => p.ConcurrentSessionAction).HasColumnName("PolicyConcurrentSessionAction");
            policy.Property(p => p.IdleTimeout).HasColumnName("PolicyIdleTimeout");
        });
        builder.Navigation(t => t.Policy).IsRequired();
    }
}
