using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.Users;

namespace TenantSessions.Infrastructure.Data.Configurations;

internal sealed class ScimTokenConfiguration : IEntityTypeConfiguration<ScimToken>
{
    public void Configure(EntityTypeBuilder<ScimToken> builder)
    {
        builder.ToTable("ScimTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(ScimToken.NameMaxLength);
        builder.Property(t => t.VerifierHash).HasMaxLength(32);
        builder.HasIndex(t => t.TenantId);
        builder.Ignore(t => t.IsRevoked);
    }
}

internal sealed class DirectoryUserConfiguration : IEntityTypeConfiguration<DirectoryUser>
{
    public void Configure(EntityTypeBuilder<DirectoryUser> builder)
    {
        builder.ToTable("DirectoryUsers");
        builder.HasKey(u => u.UserId);
        builder.Property(u => u.UserId).ValueGeneratedNever();
        builder.Property(u => u.UserName).HasMaxLength(DirectoryUser.UserNameMaxLength);
        builder.Property(u => u.NormalizedUserName).HasMaxLength(DirectoryUser.UserNameMaxLength);
        builder.Property(u => u.ExternalId).HasMaxLength(256);
        builder.Property(u => u.GivenName).HasMaxLength(100);
        builder.Property(u => u.FamilyName).HasMaxLength(100);
        builder.HasIndex(u => new { u.TenantId, u.NormalizedUserName });
        builder.HasIndex(u => new { u.TenantId, u.ExternalId });
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<DirectoryUser>(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
