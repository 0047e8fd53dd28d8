using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Web.Authentication;

public sealed class CurrentSession(IHttpContextAccessor accessor) : ICurrentSession
{
    private SessionPayload? Payload => accessor.HttpContext?.Features.Get<SessionFeature>()?.Payload;

    public bool IsAuthenticated => Payload is not null;

    public Guid? UserId => Payload?.UserId;

    public Guid? SessionId => Payload?.SessionId;

    public DateTimeOffset? AuthenticatedAt => Payload?.AuthenticatedAt;

    public IReadOnlyList<string> Roles => Payload?.Roles ?? [];

    public Guid? ImpersonatedBy => Payload?.ImpersonatedBy;
}
