using System.Security.Claims;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Authentication;

public static class SessionClaims
{
    public const string Scheme = "Session";
    public const string SessionId = "sid";
    public const string TenantId = "tid";
    public const string AuthenticatedAt = "auth_time";

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
