using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;

namespace TenantSessions.Infrastructure.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        builder.Property(u => u.NewSignInNotices).HasDefaultValue(true).HasSentinel(true);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);

        // E-mail (and so user name) is unique per tenant, not globally: replace Identity's global index.
        var identityIndex = builder.Metadata.GetIndexes().SingleOrDefault(i => i.Properties.Count == 1 && i.Properties[0].Name == nameof(ApplicationUser.NormalizedUserName));
        if (identityIndex is not null)
        {
            builder.Metadata.RemoveIndex(identityIndex);
        }

        builder.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique().HasDatabaseName("UserNameIndex");
        builder.HasIndex(u => new { u.TenantId, u.NormalizedEmail }).HasDatabaseName("TenantEmailIndex");
    }
}
