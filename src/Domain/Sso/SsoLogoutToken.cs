namespace TenantSessions.Domain.Sso;

/// <summary>
/// A back-channel logout token already accepted, by its connection and <c>jti</c>: the same token presented again is
/// refused on any node (the primary key makes the second insert fail). Kept until the token could no longer be
/// accepted anyway (its <c>iat</c> window).
/// </summary>
public sealed class SsoLogoutToken
{
    private SsoLogoutToken()
    {
    }

    public SsoLogoutToken(Guid connectionId, string jti, DateTimeOffset expiresAt)
    {
        ConnectionId = connectionId;
        Jti = jti;
        ExpiresAt = expiresAt;
    }

    public Guid ConnectionId { get; private set; }

    public string Jti { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }
}
