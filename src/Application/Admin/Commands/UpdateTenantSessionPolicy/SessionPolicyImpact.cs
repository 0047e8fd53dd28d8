using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;

/// <summary>What a new session policy does to the sessions live now, before (preview) or when (save) it is applied.</summary>
/// <param name="SessionsEnding">Live sessions the policy ends: idle or older than the new limits, or over the device cap.</param>
/// <param name="SessionsShortened">Live sessions that stay, with an earlier expiry or absolute cap.</param>
/// <param name="PeopleOverCap">People with more live sessions than the new device cap (their oldest end).</param>
/// <param name="IncludesCurrentSession">The admin's own session is among those ending.</param>
public sealed record SessionPolicyImpact(int SessionsEnding, int SessionsShortened, int PeopleOverCap, bool IncludesCurrentSession);

/// <summary>
/// The plan that applies a policy to live sessions, the same for the preview and the save. A session keeps whichever
/// is earlier of its terms and the new ones: the absolute cap becomes at most <c>createdAt + absoluteLifetime</c>,
/// the expiry at most <c>lastActive + lifetime</c> (last refresh or last seen, whichever is later), so someone
/// active now is not signed out by a shorter lifetime. A session whose new expiry has passed ends; then, per person,
/// the oldest sessions over the device cap end.
/// </summary>
public sealed class SessionPolicyPlan
{
    private SessionPolicyPlan(List<Session> ending, List<(Session Session, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt)> shortened, int peopleOverCap)
    {
        Ending = ending;
        Shortened = shortened;
        PeopleOverCap = peopleOverCap;
    }

    public IReadOnlyList<Session> Ending { get; }

    public IReadOnlyList<(Session Session, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt)> Shortened { get; }

    public int PeopleOverCap { get; }

    public SessionPolicyImpact Impact(Guid? currentSessionId) =>
        new(Ending.Count, Shortened.Count, PeopleOverCap, Ending.Any(s => s.Id == currentSessionId));

    public static SessionPolicyPlan For(IEnumerable<Session> liveSessions, SessionTimeouts timeouts, int? maxConcurrentSessions, DateTimeOffset now)
    {
        var ending = new List<Session>();
        var staying = new List<(Session Session, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt)>();
        foreach (var session in liveSessions.Where(s => s.IsLive(now)))
        {
            var absolute = Min(session.AbsoluteExpiresAt, session.CreatedAt + timeouts.AbsoluteLifetime);
            var expiresIn = session.IsPersistent ? timeouts.ExpiresIn : Min(timeouts.ExpiresIn, timeouts.NonPersistentExpiresIn);
            var expiresAt = Min(Min(session.ExpiresAt, Max(session.UpdatedAt, session.LastSeenAt) + expiresIn), absolute);
            if (expiresAt <= now)
            {
                ending.Add(session);
            }
            else
            {
                staying.Add((session, expiresAt, absolute));
            }
        }

        var peopleOverCap = 0;
        if (maxConcurrentSessions is { } cap and > 0)
        {
            foreach (var person in staying.GroupBy(s => s.Session.UserId).Where(g => g.Count() > cap).ToList())
            {
                peopleOverCap++;
                foreach (var over in person.OrderBy(s => s.Session.CreatedAt).ThenBy(s => s.Session.Id).Take(person.Count() - cap))
                {
                    ending.Add(over.Session);
                    staying.Remove(over);
                }
            }
        }

        var shortened = staying.Where(s => s.ExpiresAt < s.Session.ExpiresAt || s.AbsoluteExpiresAt < s.Session.AbsoluteExpiresAt).ToList();
        return new SessionPolicyPlan(ending, shortened, peopleOverCap);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;
}
