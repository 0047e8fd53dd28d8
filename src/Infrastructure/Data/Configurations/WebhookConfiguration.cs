using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Infrastructure.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000).IsRequired();
        builder.Property(e => e.ProtectedPreviousSecret).HasMaxLength(2000);
        builder.HasIndex(e => e.TenantId);
    }
}

/// <summary>
/// The webhook outbox. Its id is the database's sequence (the order an endpoint's deliveries go out in); a delivery
/// goes with its audit event (the retention purge) and with its endpoint, by the database's cascade.
/// </summary>
internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.Property(d => d.Action).HasMaxLength(64).IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AuditEvent>().WithMany().HasForeignKey(d => d.AuditEventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.EndpointId, d.DeliveredAt, d.Id });
        builder.HasIndex(d => d.AuditEventId);
    }
}
