using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine;

namespace TenantSessions.Web.Authentication;

public sealed class CurrentSession(IHttpContextAccessor accessor) : ICurrentSession
{
    private SessionPayload? Payload => accessor.HttpContext?.Features.Get<SessionFeature>()?.Payload;

    public bool IsAuthenticated => Payload is not null;

    public Guid? UserId => Payload?.UserId;

    public Guid? SessionId => Payload?.SessionId;

    public DateTimeOffset? AuthenticatedAt => Payload?.AuthenticatedAt;

    public IReadOnlyList<string> Roles => Payload?.Roles ?? [];
}
