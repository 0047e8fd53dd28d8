using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.DeleteSsoConnection;

/// <summary>
/// Removes a connection (Better Auth's <c>/sso/delete-provider</c>). The sessions signed in through it end (reason
/// <see cref="SsoReasons.ConnectionRemoved"/>, through the store and the feed): nothing vouches for them any more.
/// Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record DeleteSsoConnectionCommand(string ProviderId) : ICommand<RevokedSessions>, IRequireFreshSession;

/// <summary>What deleting would do, for the confirmation: the live sessions signed in through the connection.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record PreviewDeleteSsoConnectionQuery(string ProviderId) : IQuery<int>;

internal sealed class DeleteSsoConnectionHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    TimeProvider clock)
    : ICommandHandler<DeleteSsoConnectionCommand, RevokedSessions>, IQueryHandler<PreviewDeleteSsoConnectionQuery, int>
{
    public async ValueTask<RevokedSessions> Handle(DeleteSsoConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await FindAsync(command.ProviderId, cancellationToken);
        var sessions = await LiveSessions(connection.Id).ToListAsync(cancellationToken);
        var ended = store.Revoke(sessions, SessionEnd.By(current.UserId, SsoReasons.ConnectionRemoved));
        db.SsoConnections.Remove(connection);
        store.Record(SsoReasons.ConnectionDeleted, currentTenant.Id, null, null, $"{connection.ProviderId} ({ended.Count} sessions ended)");
        return ended;
    }

    public async ValueTask<int> Handle(PreviewDeleteSsoConnectionQuery query, CancellationToken cancellationToken)
    {
        var connection = await FindAsync(query.ProviderId, cancellationToken);
        return await LiveSessions(connection.Id).CountAsync(cancellationToken);
    }

    private async Task<SsoConnection> FindAsync(string providerId, CancellationToken cancellationToken) =>
        await db.SsoConnections.SingleOrDefaultAsync(c => c.ProviderId == providerId, cancellationToken)
            ?? throw new NotFoundException("This workspace has no such SSO connection.");

    private IQueryable<Domain.Sessions.Session> LiveSessions(Guid connectionId)
    {
        var now = clock.GetUtcNow();
        return db.Sessions.Where(s => s.RevokedAt == null && s.ExpiresAt > now
            && db.SsoSessionLinks.Any(l => l.SessionId == s.Id && l.ConnectionId == connectionId));
    }
}
