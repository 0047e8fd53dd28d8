using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>The live sessions a page lists; with <see cref="RevokeHandler"/> every session but the viewer's own gets a Revoke button.</summary>
public sealed record LiveSessionTable(
    IReadOnlyList<SessionSummary> Sessions,
    string? RevokeHandler = null,
    IDictionary<string, string>? Route = null,
    string Empty = "No live sessions.",
    Func<Guid, string>? Detail = null,
    Func<SessionSummary, ConfirmPrompt>? RevokePrompt = null);

/// <summary>Ended sessions with the reason in words; <see cref="ViewerId"/> is shown as "You" when they ended one themselves.</summary>
public sealed record EndedSessionTable(IReadOnlyList<EndedSession> Sessions, Guid? ViewerId = null, string Empty = "Nothing has ended recently.", Func<Guid, string>? Detail = null);

/// <summary>One session in full (<c>_SessionDetail</c>); <see cref="ViewerId"/> is shown as "You" when they ended it themselves.</summary>
public sealed record SessionDetailView(TenantSessions.Application.Sessions.Queries.GetSessionDetail.SessionDetail Session, Guid? ViewerId = null);
