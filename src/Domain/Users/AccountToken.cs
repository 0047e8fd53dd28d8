namespace TenantSessions.Domain.Users;

public enum AccountTokenPurpose
{
    PasswordReset = 1,
    EmailVerification = 2,
    Invitation = 3,

    /// <summary>A self-service workspace waiting for its first admin to confirm their address (platform scope).</summary>
    WorkspaceStart = 4,

    /// <summary>A signed-in person asked to move their account to <see cref="AccountToken.Email"/>: the link goes there (ADR-030).</summary>
    EmailChange = 5,

    /// <summary>"This wasn't me" for a changed address: sent to the old address (<see cref="AccountToken.Email"/>), it puts it back (ADR-030).</summary>
    EmailChangeUndo = 6,
}

/// <summary>
/// A single-use secret sent by e-mail: a password reset, an e-mail verification or an invitation. Only the SHA-256
/// of the secret is stored; using it stamps <see cref="UsedAt"/> (a conditional update, so two uses cannot both win).
/// </summary>
public sealed class AccountToken
{
    private AccountToken()
    {
    }

    public AccountToken(Guid id, AccountTokenPurpose purpose, Guid? tenantId, Guid? userId, string email, string tokenHash, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Id = id;
        Purpose = purpose;
        TenantId = tenantId;
        UserId = userId;
        Email = email;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public AccountTokenPurpose Purpose { get; private set; }

    public Guid? TenantId { get; private set; }

    /// <summary>The account it acts on; null for an invitation (the account does not exist yet).</summary>
    public Guid? UserId { get; private set; }

    public string Email { get; private set; } = "";

    /// <summary>Hex SHA-256 of the secret in the link.</summary>
    public string TokenHash { get; private set; } = "";

    /// <summary>The role an invitation grants.</summary>
    public string? Role { get; set; }

    public Guid? CreatedBy { get; set; }

    /// <summary>
    /// A sign-up waiting for its e-mail to be verified: the chosen name and password hash (JSON). The account is created
    /// only when the link is used, so an unverified address never holds an account.
    /// </summary>
    public string? Payload { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && CancelledAt is null && now < ExpiresAt;

    public void Cancel(DateTimeOffset now) => CancelledAt ??= now;

    /// <summary>A resent invitation gets a new secret and a new expiry; the old link stops working.</summary>
    public void Renew(string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }
}
