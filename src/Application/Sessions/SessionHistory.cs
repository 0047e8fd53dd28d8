using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Sessions;

/// <summary>
/// An ended session as the history shows it: when it ended, why (a <see cref="RevokeReasons"/> value, or
/// <c>EXPIRED</c>), and who ended it. A platform administrator is named as such, never by their own name.
/// </summary>
public sealed record EndedSession(
    Guid Id,
    Guid UserId,
    string DeviceLabel,
    string? UserAgent,
    string? IpAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset EndedAt,
    string Reason,
    Guid? EndedByUserId,
    string? EndedByName,
    string? Impersonation = null);

public static class SessionHistory
{
    public const string PlatformAdministrator = "Platform administrator";
    public const int MaxLimit = 200;

    /// <summary>
    /// The most recently ended sessions of <paramref name="userId"/> visible in the current tenant scope, newest first;
    /// with <paramref name="everyTenant"/> (the platform's pages) whatever the tenant, and platform administrators named.
    /// </summary>
    public static async Task<IReadOnlyList<EndedSession>> ForUserAsync(
        IApplicationDbContext db, Guid userId, int limit, DateTimeOffset now, CancellationToken cancellationToken, bool everyTenant = false)
    {
        var sessions = everyTenant ? db.Sessions.IgnoreQueryFilters() : db.Sessions;
        var ended = sessions.AsNoTracking()
            .Where(s => s.UserId == userId && (s.RevokedAt != null || s.ExpiresAt <= now))
            .OrderByDescending(s => s.RevokedAt ?? s.ExpiresAt)
            .ThenByDescending(s => s.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit));
        return await DescribeAsync(db, ended, cancellationToken, everyTenant);
    }

    /// <summary>
    /// The ended sessions of <paramref name="ended"/> (in its order) with the reason in the words of the history and the
    /// person who ended each: the workspace policy, a platform administrator (named on the platform's pages, with
    /// <paramref name="everyTenant"/>), or the member by name.
    /// </summary>
    public static async Task<IReadOnlyList<EndedSession>> DescribeAsync(
        IApplicationDbContext db, IQueryable<Session> ended, CancellationToken cancellationToken, bool everyTenant = false)
    {
        var rows = await ended
            .Select(s => new
            {
                s.Id, s.UserId, s.DeviceLabel, s.UserAgent, s.IpAddress, s.CreatedAt, s.LastSeenAt, s.ExpiresAt,
                s.RevokedAt, s.RevokedBy, s.RevokeReason, s.ImpersonatedBy, s.ImpersonationReason,
            })
            .ToListAsync(cancellationToken);

        var actorIds = rows.Where(r => r.RevokedBy is not null).Select(r => r.RevokedBy!.Value)
            .Concat(rows.Where(r => r.ImpersonatedBy is not null).Select(r => r.ImpersonatedBy!.Value)).Distinct().ToList();
        var actors = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => actorIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.TenantId, u.Email })
            .ToDictionaryAsync(u => u.Id, cancellationToken);

        return rows.Select(r =>
        {
            var actor = r.RevokedBy is { } by ? actors.GetValueOrDefault(by) : null;
            var isPlatformActor = actor is { TenantId: null } && !everyTenant;
            return new EndedSession(
                r.Id, r.UserId, r.DeviceLabel, r.UserAgent, r.IpAddress, r.CreatedAt, r.LastSeenAt,
                r.RevokedAt ?? r.ExpiresAt,
                r.RevokedAt is null ? RevokeReasons.Expired : r.RevokeReason ?? RevokeReasons.RevokedByUser,
                isPlatformActor ? null : actor?.Id,
                isPlatformActor ? PlatformAdministrator : actor?.DisplayName ?? EndedByPolicy(r.RevokedAt, r.RevokedBy, r.RevokeReason),
                r.ImpersonatedBy is { } impersonator && actors.GetValueOrDefault(impersonator) is { } who
                    ? Impersonated(who.TenantId is null ? $"Support ({who.Email})" : $"{who.DisplayName} ({who.Email})", (r.RevokedAt ?? r.ExpiresAt) - r.CreatedAt, r.ImpersonationReason)
                    : null);
        }).ToList();
    }

    /// <summary>"Support (root@platform.test) viewed your account for 12 minutes: ticket 4521".</summary>
    public static string Impersonated(string who, TimeSpan lasted, string? reason)
    {
        var minutes = Math.Max(1, (int)Math.Round(lasted.TotalMinutes));
        return $"{who} viewed your account for {minutes} minute{(minutes == 1 ? "" : "s")}: {reason}";
    }

    /// <summary>A session the workspace policy ended (the device cap, the idle timeout) has no person behind it; the history says so.</summary>
    private static string? EndedByPolicy(DateTimeOffset? revokedAt, Guid? revokedBy, string? reason) =>
        revokedAt is not null && revokedBy is null && reason is RevokeReasons.ConcurrencyLimit or RevokeReasons.IdleTimeout ? SessionEnd.WorkspacePolicy : null;
}
