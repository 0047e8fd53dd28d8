using System.Security.Claims;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine;

public static class SessionClaims
{
    public const string Scheme = "Session";
    public const string SessionId = "sid";
    public const string TenantId = "tid";
    public const string AuthenticatedAt = "auth_time";

    /// <summary>The principal of a session just issued or rotated (what <c>SignInAsync</c> is given).</summary>
    public static ClaimsPrincipal ToPrincipal(IssuedSession issued) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, issued.User.Id.ToString()),
            new Claim(ClaimTypes.Name, issued.User.DisplayName),
            new Claim(SessionId, issued.Session.Id.ToString()),
        ],
        Scheme,
        ClaimTypes.Name,
        ClaimTypes.Role));

    public static ClaimsPrincipal ToPrincipal(SessionPayload payload)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, payload.UserId.ToString()),
            new(ClaimTypes.Name, payload.Name),
            new(ClaimTypes.Email, payload.Email),
            new(SessionId, payload.SessionId.ToString()),
            new(AuthenticatedAt, payload.AuthenticatedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (payload.TenantId is { } tenantId)
        {
            claims.Add(new Claim(TenantId, tenantId.ToString()));
        }

        claims.AddRange(payload.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
