using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;

namespace TenantSessions.Infrastructure.SessionEngine.Data;

internal sealed class CookieCacheKeyConfiguration : IEntityTypeConfiguration<CookieCacheKey>
{
    public void Configure(EntityTypeBuilder<CookieCacheKey> builder)
    {
        builder.ToTable("CookieCacheKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(16);
        builder.Property(k => k.ProtectedKey).HasMaxLength(1000).IsRequired();
    }
}
