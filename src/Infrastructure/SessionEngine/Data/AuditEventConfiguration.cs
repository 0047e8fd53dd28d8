using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Audit;

namespace TenantSessions.Infrastructure.SessionEngine.Data;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.Property(e => e.IpAddress).HasMaxLength(AuditEvent.MaxIpAddressLength);
        builder.Property(e => e.CountryCode).HasMaxLength(2);
        builder.HasIndex(e => new { e.TenantId, e.At });
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.TargetSessionId);
    }
}
