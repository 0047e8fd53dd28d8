namespace TenantSessions.Domain.Sessions;

/// <summary>
/// A signed-in device. The secret token never lives here: only its SHA-256 hash.
/// Ended sessions are kept (revoked, with who and why) until the purge removes them.
/// </summary>
public sealed class Session
{
    private Session()
    {
    }

    public Session(
        Guid id,
        byte[] tokenHash,
        Guid? tenantId,
        Guid userId,
        SessionLifetime lifetime,
        string? ipAddress,
        string? userAgent,
        string deviceLabel,
        bool isPersistent)
    {
        Id = id;
        TokenHash = tokenHash;
        TenantId = tenantId;
        UserId = userId;
        CreatedAt = lifetime.IssuedAt;
        AuthenticatedAt = lifetime.IssuedAt;
        UpdatedAt = lifetime.IssuedAt;
        LastSeenAt = lifetime.IssuedAt;
        ExpiresAt = lifetime.ExpiresAt;
        AbsoluteExpiresAt = lifetime.AbsoluteExpiresAt;
        IpAddress = ipAddress;
        UserAgent = userAgent;
        DeviceLabel = deviceLabel;
        IsPersistent = isPersistent;
    }

    public const int MaxImpersonationReasonLength = 500;

    public Guid Id { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public Guid? TenantId { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset AuthenticatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset AbsoluteExpiresAt { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public string DeviceLabel { get; private set; } = "";

    public bool IsPersistent { get; private set; }

    /// <summary>One of <see cref="AuthenticationMethods"/>: how the person proved who they are when this session began.</summary>
    public string AuthenticationMethod { get; private set; } = AuthenticationMethods.Password;

    public DateTimeOffset? RevokedAt { get; private set; }

    public Guid? RevokedBy { get; private set; }

    public string? RevokeReason { get; private set; }

    /// <summary>The session the person or administrator was using when they ended this one ("Signed out from Firefox on Windows").</summary>
    public Guid? RevokedFromSessionId { get; private set; }

    /// <summary>The administrator acting as this session's person (Better Auth's <c>impersonatedBy</c>); null for the person's own sessions.</summary>
    public Guid? ImpersonatedBy { get; private set; }

    /// <summary>The administrator's own session, restored when the impersonation stops.</summary>
    public Guid? ImpersonatorSessionId { get; private set; }

    /// <summary>Why the administrator acts as the person, as they stated it; shown in the person's history.</summary>
    public string? ImpersonationReason { get; private set; }

    /// <summary>
    /// The verifier hash the last rotation (step-up, password change) replaced, kept to tell a replayed old cookie
    /// (theft, <c>TOKEN_REPLAY</c>) from a token we never issued (ADR-030). Null until the first rotation.
    /// </summary>
    public byte[]? RetiredTokenHash { get; private set; }

    /// <summary>When <see cref="RetiredTokenHash"/> was retired: the old cookie may still be in flight for a short grace after it.</summary>
    public DateTimeOffset? TokenRotatedAt { get; private set; }

    public bool IsImpersonation => ImpersonatedBy is not null;

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Marks a new session as an administrator's impersonation: who, from which session, why, and an end no refresh passes.</summary>
    public void MarkImpersonation(Guid by, Guid fromSessionId, string reason, DateTimeOffset endsAt)
    {
        ImpersonatedBy = by;
        ImpersonatorSessionId = fromSessionId;
        ImpersonationReason = reason;
        AbsoluteExpiresAt = endsAt < AbsoluteExpiresAt ? endsAt : AbsoluteExpiresAt;
        ExpiresAt = ExpiresAt < AbsoluteExpiresAt ? ExpiresAt : AbsoluteExpiresAt;
    }

    public bool IsLive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public void Revoke(DateTimeOffset at, Guid? by, string reason, Guid? fromSessionId = null)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = at;
        RevokedBy = by;
        RevokeReason = reason;
        RevokedFromSessionId = fromSessionId;
    }

    /// <summary>A tightened workspace policy: the expiry and the absolute cap only ever move earlier.</summary>
    public void Tighten(DateTimeOffset expiresAt, DateTimeOffset absoluteExpiresAt)
    {
        AbsoluteExpiresAt = absoluteExpiresAt < AbsoluteExpiresAt ? absoluteExpiresAt : AbsoluteExpiresAt;
        var capped = expiresAt < AbsoluteExpiresAt ? expiresAt : AbsoluteExpiresAt;
        ExpiresAt = capped < ExpiresAt ? capped : ExpiresAt;
    }

    public void RecordAuthenticationMethod(string method) => AuthenticationMethod = method;

    public void Reauthenticate(byte[] newTokenHash, DateTimeOffset at, SessionLifetime lifetime)
    {
        RetiredTokenHash = TokenHash;
        TokenRotatedAt = at;
        TokenHash = newTokenHash;
        AuthenticatedAt = at;
        UpdatedAt = at;
        ExpiresAt = lifetime.ExpiresAt;
    }
}
