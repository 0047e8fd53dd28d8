namespace TenantSessions.Application.Sessions;

/// <summary>
/// What a revocation did. <see cref="IncludesCurrentSession"/> tells the caller (page or endpoint) that its own session
/// just ended, so it must clear the cookies and send the person to sign-in.
/// </summary>
public sealed record RevokedSessions(int Count, bool IncludesCurrentSession)
{
    public static readonly RevokedSessions None = new(0, false);
}
