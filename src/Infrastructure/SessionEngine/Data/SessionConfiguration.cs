using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine.Data;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        // The verifier hash is never searched: a token names its session by id (SessionToken, ADR-007).
        builder.Property(s => s.TokenHash).HasMaxLength(32).IsRequired();
        // The verifier hash a rotation retired, compared only when the current one does not verify (ADR-030).
        builder.Property(s => s.RetiredTokenHash).HasMaxLength(32);
        builder.HasIndex(s => new { s.TenantId, s.UserId });
        // The purge seeks "RevokedAt IS NULL AND ExpiresAt < cutoff" and "RevokedAt < cutoff" oldest first: RevokedAt
        // leads, so recently revoked history is never scanned while looking for expired rows. No index on
        // AbsoluteExpiresAt: ExpiresAt never passes it (SessionLifetime), so it never decides a purge.
        builder.HasIndex(s => new { s.RevokedAt, s.ExpiresAt });
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(ClientInfo.MaxUserAgentLength);
        builder.Property(s => s.DeviceLabel).HasMaxLength(128).IsRequired();
        builder.Property(s => s.RevokeReason).HasMaxLength(64);
        builder.Property(s => s.ImpersonationReason).HasMaxLength(Session.MaxImpersonationReasonLength);
        builder.Property(s => s.AuthenticationMethod).HasMaxLength(AuthenticationMethods.MaxLength).IsRequired().HasDefaultValue(AuthenticationMethods.Password);
        builder.Ignore(s => s.IsRevoked);
    }
}
