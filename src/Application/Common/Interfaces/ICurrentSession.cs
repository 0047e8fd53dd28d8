namespace TenantSessions.Application.Common.Interfaces;

/// <summary>The signed-in caller of this request, as the session authentication handler established it.</summary>
public interface ICurrentSession
{
    bool IsAuthenticated { get; }

    Guid? UserId { get; }

    Guid? SessionId { get; }

    DateTimeOffset? AuthenticatedAt { get; }

    IReadOnlyList<string> Roles { get; }

    /// <summary>The administrator acting as this person, when this session is an impersonation; null otherwise.</summary>
    Guid? ImpersonatedBy => null;

    bool IsInRole(string role) => Roles.Contains(role);
}
