using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Audit;

/// <summary>
/// The log's one query shape, shared by the workspace and the platform: the filter, the keyset order (<c>At</c>, then
/// <c>Id</c>, so a page boundary between two events of the same instant is exact) and the projection that names the
/// people. The events and the people come from the caller's sets: in a workspace both are filtered to it, so another
/// workspace's event, or a person of another workspace used as a filter, gives nothing.
/// </summary>
internal static class AuditEventSearch
{
    public const int MaxLimit = 200;

    public static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> events, AuditEventFilter filter)
    {
        if (filter.ActorUserId is { } actor)
        {
            events = events.Where(e => e.ActorUserId == actor);
        }

        if (filter.TargetUserId is { } target)
        {
            events = events.Where(e => e.TargetUserId == target);
        }

        if (!string.IsNullOrEmpty(filter.Action))
        {
            events = events.Where(e => e.Action == filter.Action);
        }

        if (filter.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.At < to);
        }

        if (!string.IsNullOrEmpty(filter.IpAddress))
        {
            events = events.Where(e => e.IpAddress == filter.IpAddress);
        }

        if (!string.IsNullOrEmpty(filter.CountryCode))
        {
            var country = filter.CountryCode.ToUpperInvariant();
            events = events.Where(e => e.CountryCode == country);
        }

        if (filter.TenantId is { } tenantId)
        {
            events = events.Where(e => e.TenantId == tenantId);
        }

        return events;
    }

    /// <summary>A page of at most <paramref name="limit"/> events older than <paramref name="cursor"/>, newest first.</summary>
    public static async Task<AuditEventPage> PageAsync(
        IQueryable<AuditEvent> events, IQueryable<ApplicationUser> people, IApplicationDbContext db, AuditEventFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        Validate(filter);
        if (limit is < 1 or > MaxLimit)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        var filtered = Filter(events, filter);
        if (cursor is not null)
        {
            if (!AuditCursor.TryParse(cursor, out var after))
            {
                throw new ValidationException("cursor", "cursor is not one this log handed out. Start again from the first page.");
            }

            filtered = filtered.Where(e => e.At < after.At || (e.At == after.At && e.Id < after.Id));
        }

        var page = filtered.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(limit + 1);
        var rows = await Project(page, people, db).OrderByDescending(v => v.At).ThenByDescending(v => v.Id).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? new AuditCursor(rows[limit - 1].At, rows[limit - 1].Id).Encode() : null;
        return new AuditEventPage(rows.Count > limit ? rows[..limit] : rows, next);
    }

    /// <summary>The events from <paramref name="filter"/>'s range, oldest first, streamed from one query.</summary>
    public static IAsyncEnumerable<AuditEventView> Stream(IQueryable<AuditEvent> events, IQueryable<ApplicationUser> people, IApplicationDbContext db, AuditEventFilter filter)
    {
        Validate(filter);
        return Project(Filter(events, filter), people, db).OrderBy(v => v.At).ThenBy(v => v.Id).AsAsyncEnumerable();
    }

    public static void Validate(AuditEventFilter filter)
    {
        if (!string.IsNullOrEmpty(filter.Action) && !AuditCatalog.IsKnown(filter.Action))
        {
            throw new ValidationException("action", "There is no such action. Choose one from the list.");
        }

        if (filter is { From: { } from, To: { } to } && to <= from)
        {
            throw new ValidationException("to", "The end of the time range must be after its start.");
        }

        if (filter.IpAddress is { Length: > AuditEvent.MaxIpAddressLength })
        {
            throw new ValidationException("ip", "That is not an IP address.");
        }

        if (filter.CountryCode is { } country && (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1])))
        {
            throw new ValidationException("country", "A country is its two-letter code, such as DE or US.");
        }
    }

    private static IQueryable<AuditEventView> Project(IQueryable<AuditEvent> events, IQueryable<ApplicationUser> people, IApplicationDbContext db) =>
        from e in events
        join a in people on e.ActorUserId equals (Guid?)a.Id into actors
        from a in actors.DefaultIfEmpty()
        join t in people on e.TargetUserId equals (Guid?)t.Id into targets
        from t in targets.DefaultIfEmpty()
        join w in db.Tenants on e.TenantId equals (Guid?)w.Id into workspaces
        from w in workspaces.DefaultIfEmpty()
        select new AuditEventView
        {
            Id = e.Id,
            At = e.At,
            Action = e.Action,
            TenantId = e.TenantId,
            TenantSlug = w == null ? null : w.Slug,
            ActorUserId = a == null ? null : a.Id,
            ActorName = a == null ? null : a.DisplayName,
            ActorEmail = a == null ? null : a.Email,
            TargetUserId = t == null ? null : t.Id,
            TargetName = t == null ? null : t.DisplayName,
            TargetEmail = t == null ? null : t.Email,
            SessionId = e.TargetSessionId,
            Detail = e.Detail,
            IpAddress = e.IpAddress,
            CountryCode = e.CountryCode,
        };
}
