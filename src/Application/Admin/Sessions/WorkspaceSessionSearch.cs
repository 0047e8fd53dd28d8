using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Admin.Sessions;

/// <summary>
/// Which live sessions of the workspace the console shows or ends. Every field is optional; together they narrow.
/// Ages count back from the moment the filter is applied: <see cref="MinAge"/> = started at least that long ago,
/// <see cref="MaxIdle"/> = active within that time.
/// </summary>
/// <param name="Role">A role name (<c>Member</c>, <c>TenantAdmin</c>): sessions of people who have it.</param>
/// <param name="CountryCode">Two letters, as <see cref="IGeoLocator"/> places the session's address.</param>
/// <param name="Method">One of <see cref="AuthenticationMethods"/>.</param>
public sealed record WorkspaceSessionFilter(
    Guid? UserId = null,
    string? Role = null,
    string? CountryCode = null,
    DeviceKind? DeviceKind = null,
    string? Method = null,
    TimeSpan? MinAge = null,
    TimeSpan? MaxAge = null,
    TimeSpan? MinIdle = null,
    TimeSpan? MaxIdle = null)
{
    public static readonly WorkspaceSessionFilter None = new();

    /// <summary>"country DE, method password": what the filter asks, for the audit log.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (UserId is { } userId)
        {
            parts.Add($"member {userId}");
        }

        if (Role is not null)
        {
            parts.Add($"role {Role}");
        }

        if (CountryCode is not null)
        {
            parts.Add($"country {CountryCode}");
        }

        if (DeviceKind is { } kind)
        {
            parts.Add($"device {kind.ToString().ToLowerInvariant()}");
        }

        if (Method is not null)
        {
            parts.Add($"method {Method}");
        }

        if (MinAge is { } minAge)
        {
            parts.Add($"started at least {(long)minAge.TotalSeconds} s ago");
        }

        if (MaxAge is { } maxAge)
        {
            parts.Add($"started within {(long)maxAge.TotalSeconds} s");
        }

        if (MinIdle is { } minIdle)
        {
            parts.Add($"idle at least {(long)minIdle.TotalSeconds} s");
        }

        if (MaxIdle is { } maxIdle)
        {
            parts.Add($"active within {(long)maxIdle.TotalSeconds} s");
        }

        return parts.Count == 0 ? "every live session" : string.Join(", ", parts);
    }
}

public enum WorkspaceSessionSort
{
    LastActive,
    Started,
    Member,
    Country,
    Device,
    Method,
}

/// <summary>One live session as the console lists it. No token: only the session's id.</summary>
public sealed record WorkspaceSession(
    Guid Id,
    Guid UserId,
    string Email,
    string Name,
    bool IsAdmin,
    string DeviceLabel,
    DeviceKind DeviceKind,
    string? UserAgent,
    string? IpAddress,
    GeoLocation? Location,
    string AuthenticationMethod,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    bool IsCurrent,
    Guid? ImpersonatedBy);

/// <summary>One page of the matches, in the order asked for, how many match in all, and whether the caller's own session is one of them.</summary>
public sealed record WorkspaceSessionPage(IReadOnlyList<WorkspaceSession> Sessions, int Total, int Offset, int Limit, bool IncludesCurrentSession = false);

/// <summary>
/// The console's one filter, shared by the list and the bulk end so that "End all N matches" ends what the list
/// counted. The database narrows by member, role, method and times; the country and the device kind are not stored on
/// a session (they are read from its address and User-Agent where sessions are shown, ADR-010, ADR-017), so they are
/// decided here over the rows the database returned (ADR-025).
/// </summary>
public static class WorkspaceSessionSearch
{
    public const int MaxLimit = 200;

    /// <summary>The most sessions one command may end by id (the request's bound).</summary>
    public const int MaxSelection = 1000;

    /// <summary>The most sessions "all matches" may end in one commit; more is a validation error asking for a narrower filter.</summary>
    public const int MaxMatchesEnded = 10_000;

    public static void Validate(WorkspaceSessionFilter filter)
    {
        if (filter.CountryCode is { } country && (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1])))
        {
            throw new ValidationException("country", "A country is its two-letter code, such as DE or US.");
        }

        if (filter.Role is not (null or Domain.Users.Roles.Member or Domain.Users.Roles.TenantAdmin))
        {
            throw new ValidationException("role", "Choose the role member or admin.");
        }

        if (filter.Method is { } method && AuthenticationMethods.Describe(method) == method)
        {
            throw new ValidationException("method", "Choose a sign-in method: password, password+totp, password+recovery-code, passkey, sso or impersonation.");
        }

        foreach (var (name, value) in new[] { ("minAge", filter.MinAge), ("maxAge", filter.MaxAge), ("minIdle", filter.MinIdle), ("maxIdle", filter.MaxIdle) })
        {
            if (value < TimeSpan.Zero)
            {
                throw new ValidationException(name, $"{name} is a number of seconds, 0 or more.");
            }
        }

        if (filter is { MinAge: { } minAge, MaxAge: { } maxAge } && maxAge < minAge)
        {
            throw new ValidationException("maxAge", "maxAge must be at least minAge.");
        }

        if (filter is { MinIdle: { } minIdle, MaxIdle: { } maxIdle } && maxIdle < minIdle)
        {
            throw new ValidationException("maxIdle", "maxIdle must be at least minIdle.");
        }
    }

    /// <summary>The workspace's live sessions that pass the database part of the filter (the caller's tenant filter applies).</summary>
    public static IQueryable<Session> Narrow(IApplicationDbContext db, WorkspaceSessionFilter filter, DateTimeOffset now)
    {
        var sessions = db.Sessions.Live(now);
        if (filter.UserId is { } userId)
        {
            sessions = sessions.Where(s => s.UserId == userId);
        }

        if (filter.Role is { } role)
        {
            var normalized = role.ToUpperInvariant();
            sessions = sessions.Where(s => db.UserRoles.Any(ur => ur.UserId == s.UserId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        }

        if (filter.Method is { } method)
        {
            sessions = sessions.Where(s => s.AuthenticationMethod == method);
        }

        if (filter.MinAge is { } minAge)
        {
            var startedBy = now - minAge;
            sessions = sessions.Where(s => s.CreatedAt <= startedBy);
        }

        if (filter.MaxAge is { } maxAge)
        {
            var startedAfter = now - maxAge;
            sessions = sessions.Where(s => s.CreatedAt >= startedAfter);
        }

        if (filter.MinIdle is { } minIdle)
        {
            var activeBy = now - minIdle;
            sessions = sessions.Where(s => s.LastSeenAt <= activeBy);
        }

        if (filter.MaxIdle is { } maxIdle)
        {
            var activeAfter = now - maxIdle;
            sessions = sessions.Where(s => s.LastSeenAt >= activeAfter);
        }

        return sessions;
    }

    /// <summary>The part of the filter the database cannot decide: the country of the address and the kind of device.</summary>
    public static bool MatchesClient(WorkspaceSessionFilter filter, GeoLocation? location, DeviceKind kind) =>
        (filter.CountryCode is null || string.Equals(location?.CountryCode, filter.CountryCode, StringComparison.OrdinalIgnoreCase))
        && (filter.DeviceKind is null || filter.DeviceKind == kind);

    /// <summary>Every match, read once with its member, located and classified (a place looked up once per address).</summary>
    public static async Task<List<WorkspaceSession>> FindAsync(
        IApplicationDbContext db, IGeoLocator geo, WorkspaceSessionFilter filter, DateTimeOffset now, Guid? currentSessionId, CancellationToken cancellationToken)
    {
        Validate(filter);
        var admins = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Domain.Users.Roles.TenantAdmin select ur.UserId;
        var rows = await (
                from s in Narrow(db, filter, now).AsNoTracking()
                join u in db.Users on s.UserId equals u.Id
                select new
                {
                    s.Id,
                    s.UserId,
                    u.Email,
                    u.DisplayName,
                    IsAdmin = admins.Contains(u.Id),
                    s.DeviceLabel,
                    s.UserAgent,
                    s.IpAddress,
                    s.AuthenticationMethod,
                    s.CreatedAt,
                    s.LastSeenAt,
                    s.ExpiresAt,
                    s.ImpersonatedBy,
                })
            .ToListAsync(cancellationToken);

        var places = new Dictionary<string, GeoLocation?>(StringComparer.Ordinal);
        var matches = new List<WorkspaceSession>(rows.Count);
        foreach (var r in rows)
        {
            var location = Locate(geo, places, r.IpAddress);
            var kind = DeviceKinds.Classify(r.UserAgent);
            if (!MatchesClient(filter, location, kind))
            {
                continue;
            }

            matches.Add(new WorkspaceSession(
                r.Id, r.UserId, r.Email ?? "", r.DisplayName, r.IsAdmin, r.DeviceLabel, kind, r.UserAgent, r.IpAddress, location,
                r.AuthenticationMethod, r.CreatedAt, r.LastSeenAt, r.ExpiresAt, r.Id == currentSessionId, r.ImpersonatedBy));
        }

        return matches;
    }

    /// <summary>The matches in the order asked for; ties go to the latest activity, then the id, so pages never overlap.</summary>
    public static IEnumerable<WorkspaceSession> Order(IEnumerable<WorkspaceSession> sessions, WorkspaceSessionSort sort, bool descending)
    {
        var ordered = sort switch
        {
            WorkspaceSessionSort.Started => By(sessions, s => s.CreatedAt, descending),
            WorkspaceSessionSort.Member => By(sessions, s => s.Email.ToUpperInvariant(), descending),
            WorkspaceSessionSort.Country => By(sessions, s => s.Location?.CountryCode ?? "~", descending),
            WorkspaceSessionSort.Device => By(sessions, s => s.DeviceLabel, descending),
            WorkspaceSessionSort.Method => By(sessions, s => s.AuthenticationMethod, descending),
            _ => By(sessions, s => s.LastSeenAt, descending),
        };
        return ordered.ThenByDescending(s => s.LastSeenAt).ThenBy(s => s.Id);
    }

    internal static GeoLocation? Locate(IGeoLocator geo, Dictionary<string, GeoLocation?> places, string? ipAddress)
    {
        if (ipAddress is null)
        {
            return null;
        }

        if (!places.TryGetValue(ipAddress, out var place))
        {
            place = geo.Locate(ipAddress);
            places[ipAddress] = place;
        }

        return place;
    }

    private static IOrderedEnumerable<WorkspaceSession> By<TKey>(IEnumerable<WorkspaceSession> sessions, Func<WorkspaceSession, TKey> key, bool descending) =>
        descending ? sessions.OrderByDescending(key) : sessions.OrderBy(key);
}
