using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions;

/// <summary>A session just created or re-authenticated, with its secret token. The token goes into Set-Cookie and nowhere else.</summary>
public sealed record IssuedSession(Session Session, ApplicationUser User, string Token)
{
    public override string ToString() => $"IssuedSession {{ Id = {Session.Id} }}";
}
