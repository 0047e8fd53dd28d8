namespace TenantSessions.Domain.Sso;

/// <summary>
/// What the IdP said about a session signed in through it: the connection, the issuer, the person's <c>sub</c> and the
/// IdP's session id (<c>sid</c>, when it sends one). A back-channel logout finds the sessions to end by these.
/// One row per session, written with the session; removed with the connection. The session's ID token is kept
/// encrypted with Data Protection (<see cref="ProtectedIdToken"/>), only to be the <c>id_token_hint</c> of the
/// RP-initiated logout when the person signs out here (ADR-027); a step-up at the IdP replaces it.
/// </summary>
public sealed class SsoSessionLink
{
    private SsoSessionLink()
    {
    }

    public SsoSessionLink(Guid sessionId, Guid tenantId, Guid connectionId, Guid userId, string issuer, string subject, string? idpSessionId, DateTimeOffset createdAt)
    {
        SessionId = sessionId;
        TenantId = tenantId;
        ConnectionId = connectionId;
        UserId = userId;
        Issuer = issuer;
        Subject = subject;
        IdpSessionId = idpSessionId;
        CreatedAt = createdAt;
    }

    public Guid SessionId { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public Guid UserId { get; private set; }

    public string Issuer { get; private set; } = "";

    public string Subject { get; private set; } = "";

    /// <summary>The IdP's session id; a step-up at the IdP records the one it answered with.</summary>
    public string? IdpSessionId { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The latest ID token of this session, encrypted (purpose <c>TenantSessions.Sso.IdToken.v1</c>); null when the IdP offers no end-session endpoint.</summary>
    public string? ProtectedIdToken { get; set; }
}
