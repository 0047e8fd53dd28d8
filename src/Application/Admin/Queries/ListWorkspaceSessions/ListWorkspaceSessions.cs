using Mediator;
using TenantSessions.Application.Admin.Sessions;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.ListWorkspaceSessions;

/// <summary>
/// The session console: every live session of the current workspace that passes <see cref="Filter"/>, in the order of
/// <see cref="Sort"/>, <see cref="Limit"/> (1–200) from <see cref="Offset"/>, with how many match in all. Another
/// workspace's sessions are never read (the tenant filter), and a member of another workspace used as a filter gives
/// nothing.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListWorkspaceSessionsQuery(
    WorkspaceSessionFilter Filter, WorkspaceSessionSort Sort = WorkspaceSessionSort.LastActive, bool Descending = true, int Offset = 0, int Limit = 50)
    : IQuery<WorkspaceSessionPage>;

public sealed class ListWorkspaceSessionsHandler(IApplicationDbContext db, IGeoLocator geo, ICurrentSession current, TimeProvider clock)
    : IQueryHandler<ListWorkspaceSessionsQuery, WorkspaceSessionPage>
{
    public async ValueTask<WorkspaceSessionPage> Handle(ListWorkspaceSessionsQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > WorkspaceSessionSearch.MaxLimit)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {WorkspaceSessionSearch.MaxLimit}.");
        }

        if (query.Offset < 0)
        {
            throw new ValidationException("offset", "offset must be 0 or more.");
        }

        var matches = await WorkspaceSessionSearch.FindAsync(db, geo, query.Filter, clock.GetUtcNow(), current.SessionId, cancellationToken);
        var page = WorkspaceSessionSearch.Order(matches, query.Sort, query.Descending).Skip(query.Offset).Take(query.Limit).ToList();
        return new WorkspaceSessionPage(page, matches.Count, query.Offset, query.Limit, matches.Any(s => s.IsCurrent));
    }
}
