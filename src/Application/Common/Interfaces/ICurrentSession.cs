namespace TenantSessions.Application.Common.Interfaces;

/// <summary>The signed-in caller of this request, as the session authentication handler established it.</summary>
public interface ICurrentSession
{
    bool IsAuthenticated { get; }

    Guid? UserId { get; }

    Guid? SessionId { get; }

    DateTimeOffset? AuthenticatedAt { get; }

    IReadOnlyList<string> Roles { get; }

    bool IsInRole(string role) => Roles.Contains(role);
}
