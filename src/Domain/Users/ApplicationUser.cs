using Microsoft.AspNetCore.Identity;

namespace TenantSessions.Domain.Users;

/// <summary>A person. Belongs to exactly one tenant, except platform superadmins (<see cref="TenantId"/> is null).</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public Guid? TenantId { get; set; }

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether a sign-in from a new device or country is reported by e-mail (the other notices always are).</summary>
    public bool NewSignInNotices { get; set; } = true;
    /// <summary>The TOTP time step of the last authenticator code accepted: a code is never accepted twice.</summary>
    public long? LastTotpTimeStep { get; set; }
}
