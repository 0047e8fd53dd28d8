using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Admin.Sessions;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.EndWorkspaceSessions;

/// <summary>
/// The session console's end: either the sessions named by <see cref="SessionIds"/> (1 to
/// <see cref="WorkspaceSessionSearch.MaxSelection"/>) or every live session that matches <see cref="Filter"/> (the
/// list's own filter). One command: every session is ended through the store as an administrator's revocation
/// (<c>REVOKED_BY_ADMIN</c>, the person told by e-mail), and all of it — rows, feed entries, audit events — commits
/// once and is announced as one feed batch. An id that is not a session of this workspace makes the whole command
/// not found, and nothing ends. The administrator's own current session is never ended here (it is skipped, and the
/// answer says so). Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record EndWorkspaceSessionsCommand(IReadOnlyList<Guid>? SessionIds, WorkspaceSessionFilter? Filter)
    : ICommand<WorkspaceSessionsEnded>, IRequireFreshSession;

/// <param name="Count">Sessions ended.</param>
/// <param name="SkippedCurrentSession">The administrator's own current session was among those chosen and was left alone.</param>
public sealed record WorkspaceSessionsEnded(int Count, bool SkippedCurrentSession);

public sealed class EndWorkspaceSessionsHandler(
    IApplicationDbContext db,
    SessionsEndedByAuthority sessionsEnded,
    ISessionStore store,
    ICurrentSession current,
    ICurrentTenant tenant,
    IGeoLocator geo,
    TimeProvider clock,
    ILogger<EndWorkspaceSessionsHandler> logger) : ICommandHandler<EndWorkspaceSessionsCommand, WorkspaceSessionsEnded>
{
    public async ValueTask<WorkspaceSessionsEnded> Handle(EndWorkspaceSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (chosen, description) = command switch
        {
            { SessionIds: { } ids, Filter: null } => (await ChosenAsync(ids, cancellationToken), "selected"),
            { SessionIds: null, Filter: { } filter } => (await MatchingAsync(filter, now, cancellationToken), $"all matches of {filter.Describe()}"),
            _ => throw new ValidationException("sessionIds", "Give either sessionIds or a filter (all matches), not both."),
        };

        var skippedCurrent = chosen.Any(s => s.Id == current.SessionId && s.IsLive(now));
        var count = 0;
        foreach (var owner in chosen.Where(s => s.Id != current.SessionId).GroupBy(s => s.UserId))
        {
            count += (await sessionsEnded.EndAsync(owner.Key, owner, byPlatform: false, cancellationToken)).Count;
        }

        if (count > 0)
        {
            var detail = $"{(count == 1 ? "1 session" : $"{count} sessions")} ended from the console: {description}";
            store.Record(AuditActions.SessionsEndedFromConsole, tenant.Id, null, null, detail.Length > 500 ? detail[..500] : detail);
            logger.LogInformation("Admin {AdminId} ended {Count} sessions from the session console", current.UserId, count);
        }

        return new WorkspaceSessionsEnded(count, skippedCurrent);
    }

    private async Task<List<Session>> ChosenAsync(IReadOnlyList<Guid> sessionIds, CancellationToken cancellationToken)
    {
        var ids = sessionIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new ValidationException("sessionIds", "Choose at least one session.");
        }

        if (ids.Count > WorkspaceSessionSearch.MaxSelection)
        {
            throw new ValidationException("sessionIds", $"Choose at most {WorkspaceSessionSearch.MaxSelection} sessions at a time, or end all matches of a filter.");
        }

        var sessions = await db.Sessions.Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        if (sessions.Count != ids.Count)
        {
            throw new NotFoundException(ids.Count == 1 ? "There is no such session in this workspace." : "Some of these sessions are not sessions of this workspace. Nothing was ended.");
        }

        return sessions;
    }

    private async Task<List<Session>> MatchingAsync(WorkspaceSessionFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        WorkspaceSessionSearch.Validate(filter);
        var candidates = await WorkspaceSessionSearch.Narrow(db, filter, now).ToListAsync(cancellationToken);
        var places = new Dictionary<string, GeoLocation?>(StringComparer.Ordinal);
        var matches = candidates
            .Where(s => WorkspaceSessionSearch.MatchesClient(filter, WorkspaceSessionSearch.Locate(geo, places, s.IpAddress), DeviceKinds.Classify(s.UserAgent)))
            .ToList();
        if (matches.Count > WorkspaceSessionSearch.MaxMatchesEnded)
        {
            throw new ValidationException("filter", $"{matches.Count} sessions match; at most {WorkspaceSessionSearch.MaxMatchesEnded} end at once. Narrow the filter.");
        }

        return matches;
    }
}
