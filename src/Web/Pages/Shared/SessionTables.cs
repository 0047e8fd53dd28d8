using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>The live sessions a page lists; with <see cref="RevokeHandler"/> every session but the viewer's own gets a button (<see cref="RevokeLabel"/>: "Sign out" for one's own devices, "End session" for someone else's).</summary>
public sealed record LiveSessionTable(
    IReadOnlyList<SessionSummary> Sessions,
    string? RevokeHandler = null,
    IDictionary<string, string>? Route = null,
    string Empty = "No live sessions.",
    Func<Guid, string>? Detail = null,
    Func<SessionSummary, ConfirmPrompt>? RevokePrompt = null,
    string RevokeLabel = "End session");

/// <summary>
/// Ended sessions with the reason in words; <see cref="ViewerId"/> is shown as "You" when they ended one themselves.
/// Identical consecutive sessions (<see cref="EndedSessionGroup.Collapse"/>) show as one row; with <see cref="Pager"/>
/// the table shows one page of those rows and links to the next and previous ones.
/// </summary>
public sealed record EndedSessionTable(
    IReadOnlyList<EndedSession> Sessions,
    Guid? ViewerId = null,
    string Empty = "Nothing has ended recently.",
    Func<Guid, string>? Detail = null,
    EndedSessionPager? Pager = null)
{
    /// <summary>The rows shown: every group, or the groups of the pager's page.</summary>
    public IReadOnlyList<EndedSessionGroup> Rows => Pager is { } pager ? pager.Slice(Groups) : Groups;

    public IReadOnlyList<EndedSessionGroup> Groups { get; } = EndedSessionGroup.Collapse(Sessions);
}

/// <summary>
/// One row of the history: <see cref="Newest"/> and the <see cref="Count"/> − 1 sessions right after it that ended the
/// same way on the same device and address (the same person or reason ending them), down to <see cref="OldestEndedAt"/>.
/// </summary>
public sealed record EndedSessionGroup(EndedSession Newest, int Count, DateTimeOffset OldestEndedAt)
{
    /// <summary>Consecutive sessions (in the history's order, newest first) that would read the same are folded into one row.</summary>
    public static IReadOnlyList<EndedSessionGroup> Collapse(IReadOnlyList<EndedSession> sessions)
    {
        var groups = new List<EndedSessionGroup>();
        foreach (var session in sessions)
        {
            if (groups.Count > 0 && Same(groups[^1].Newest, session))
            {
                groups[^1] = groups[^1] with { Count = groups[^1].Count + 1, OldestEndedAt = session.EndedAt };
            }
            else
            {
                groups.Add(new EndedSessionGroup(session, 1, session.EndedAt));
            }
        }

        return groups;
    }

    private static bool Same(EndedSession a, EndedSession b) =>
        a.Impersonation is null && b.Impersonation is null
        && a.DeviceLabel == b.DeviceLabel && a.UserAgent == b.UserAgent && a.IpAddress == b.IpAddress
        && a.Reason == b.Reason && a.EndedByUserId == b.EndedByUserId && a.EndedByName == b.EndedByName;
}

/// <summary>Page <see cref="Page"/> (from 1) of <see cref="Size"/> history rows; <see cref="Link"/> is the address of a page.</summary>
public sealed record EndedSessionPager(int Page, int Size, Func<int, string> Link)
{
    public const int DefaultSize = 10;

    public int Pages(int rows) => Math.Max(1, (rows + Size - 1) / Size);

    /// <summary>The page asked for, kept within the pages there are (a page past the end shows the last one).</summary>
    public int Current(int rows) => Math.Clamp(Page, 1, Pages(rows));

    public IReadOnlyList<EndedSessionGroup> Slice(IReadOnlyList<EndedSessionGroup> groups) =>
        groups.Skip((Current(groups.Count) - 1) * Size).Take(Size).ToList();
}

/// <summary>One session in full (<c>_SessionDetail</c>); <see cref="ViewerId"/> is shown as "You" when they ended it themselves.</summary>
public sealed record SessionDetailView(TenantSessions.Application.Sessions.Queries.GetSessionDetail.SessionDetail Session, Guid? ViewerId = null);
