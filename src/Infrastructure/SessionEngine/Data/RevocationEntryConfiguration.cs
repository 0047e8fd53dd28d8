using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine.Data;

internal sealed class RevocationEntryConfiguration : IEntityTypeConfiguration<RevocationEntry>
{
    public void Configure(EntityTypeBuilder<RevocationEntry> builder)
    {
        builder.ToTable("RevocationFeed");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => e.CreatedAt);
    }
}
