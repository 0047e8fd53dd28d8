namespace TenantSessions.Domain.SecondFactors;

/// <summary>
/// A correct password waiting for its second factor (or for enrolment in one). No session exists yet. The browser
/// holds <c>{Id}.{verifier}</c> in a short-lived HttpOnly cookie; the row keeps only the verifier's SHA-256, is bound
/// to its tenant, and is deleted by the step that uses it, so it works once on every node.
/// </summary>
public sealed class PendingSignIn
{
    private PendingSignIn()
    {
    }

    public PendingSignIn(Guid id, byte[] tokenHash, Guid? tenantId, Guid userId, PendingSignInPurpose purpose, bool rememberMe, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Id = id;
        TokenHash = tokenHash;
        TenantId = tenantId;
        UserId = userId;
        Purpose = purpose;
        RememberMe = rememberMe;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public Guid? TenantId { get; private set; }

    public Guid UserId { get; private set; }

    public PendingSignInPurpose Purpose { get; private set; }

    public bool RememberMe { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Wrong codes sent with this pending sign-in; past the limit the row is deleted and the password is asked again.</summary>
    public int FailedAttempts { get; private set; }
}

public enum PendingSignInPurpose
{
    /// <summary>The person has a second factor: verify it.</summary>
    Verify = 0,

    /// <summary>The workspace requires a second factor the person does not have yet: enrol first.</summary>
    Enrol = 1,
}
