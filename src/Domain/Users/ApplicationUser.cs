using Microsoft.AspNetCore.Identity;

namespace TenantSessions.Domain.Users;

/// <summary>A person. Belongs to exactly one tenant, except platform superadmins (<see cref="TenantId"/> is null).</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    /// <summary>
    /// The one way a person is made (sign-up, verification, invitation, a new workspace, the demo seed, the first
    /// superadmin): a time-ordered id from <paramref name="now"/>, the e-mail as the user name, the display name trimmed.
    /// </summary>
    public static ApplicationUser Create(Guid? tenantId, string email, string displayName, DateTimeOffset now, bool emailConfirmed, string? passwordHash = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = tenantId,
        Email = email,
        UserName = email,
        EmailConfirmed = emailConfirmed,
        DisplayName = displayName.Trim(),
        PasswordHash = passwordHash,
        CreatedAt = now,
    };

    public Guid? TenantId { get; set; }

    /// <summary>When the account was deleted: its personal data is erased and only this pseudonymous row remains, so history stays readable.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether a sign-in from a new device or country is reported by e-mail (the other notices always are).</summary>
    public bool NewSignInNotices { get; set; } = true;
    /// <summary>The TOTP time step of the last authenticator code accepted: a code is never accepted twice.</summary>
    public long? LastTotpTimeStep { get; set; }
}
