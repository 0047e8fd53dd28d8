using System.Linq.Expressions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions;

/// <summary>A live session as lists show it: the public id, never the token.</summary>
public sealed record SessionSummary(
    Guid Id,
    Guid UserId,
    string DeviceLabel,
    string? UserAgent,
    string? IpAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    bool IsCurrent,
    string AuthenticationMethod = AuthenticationMethods.Password,
    Guid? ImpersonatedBy = null)
{
    public static Expression<Func<Session, SessionSummary>> Projection(Guid? currentSessionId) => s => new SessionSummary(
        s.Id, s.UserId, s.DeviceLabel, s.UserAgent, s.IpAddress, s.CreatedAt, s.UpdatedAt, s.LastSeenAt, s.ExpiresAt, s.Id == currentSessionId, s.AuthenticationMethod, s.ImpersonatedBy);

    /// <summary>The caller's own session first, then the most recently active.</summary>
    public static IReadOnlyList<SessionSummary> InDisplayOrder(IEnumerable<SessionSummary> sessions) =>
        sessions.OrderByDescending(s => s.IsCurrent).ThenByDescending(s => s.LastSeenAt).ThenByDescending(s => s.CreatedAt).ToList();
}
