using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.ApproveSsoDomain;

/// <summary>A workspace's connection as the platform sees it, with the other workspaces whose verified connections serve one of its domains.</summary>
public sealed record PlatformSsoConnection(
    Guid Id,
    string ProviderId,
    string Name,
    string Issuer,
    IReadOnlyList<string> Domains,
    bool DomainVerified,
    DateTimeOffset? DomainVerifiedAt,
    string? DomainVerifiedBy,
    IReadOnlyList<string> AlsoVerifiedIn);

/// <summary>The SSO connections of one workspace, for a superadmin on the platform host; an unknown workspace is a 404.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListWorkspaceSsoConnectionsQuery(Guid TenantId) : IQuery<IReadOnlyList<PlatformSsoConnection>>;

/// <summary>
/// A superadmin marks a workspace connection's domains verified without DNS (the platform checked ownership some other
/// way: a contract, a support ticket). Fresh session; audited in the workspace's log with the superadmin as actor.
/// A connection of another workspace, or none, is a 404.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ApproveSsoDomainCommand(Guid TenantId, Guid ConnectionId) : ICommand<PlatformSsoConnection>, IRequireFreshSession;

internal sealed class ApproveSsoDomainHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<ApproveSsoDomainHandler> logger)
    : IQueryHandler<ListWorkspaceSsoConnectionsQuery, IReadOnlyList<PlatformSsoConnection>>, ICommandHandler<ApproveSsoDomainCommand, PlatformSsoConnection>
{
    public async ValueTask<IReadOnlyList<PlatformSsoConnection>> Handle(ListWorkspaceSsoConnectionsQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == query.TenantId, cancellationToken))
        {
            throw new NotFoundException("There is no such workspace.");
        }

        var connections = await db.SsoConnections.IgnoreQueryFilters().AsNoTracking().Where(c => c.TenantId == query.TenantId)
            .OrderBy(c => c.DisplayName).ToListAsync(cancellationToken);
        var result = new List<PlatformSsoConnection>();
        foreach (var connection in connections)
        {
            result.Add(await ViewAsync(connection, cancellationToken));
        }

        return result;
    }

    public async ValueTask<PlatformSsoConnection> Handle(ApproveSsoDomainCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.SsoConnections.IgnoreQueryFilters()
            .SingleOrDefaultAsync(c => c.Id == command.ConnectionId && c.TenantId == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("This workspace has no such SSO connection.");
        if (!connection.DomainVerified)
        {
            var now = clock.GetUtcNow();
            connection.MarkDomainVerified(now, SsoDomainVerification.ByPlatform);
            connection.UpdatedAt = now;
            store.Record(SsoReasons.DomainVerified, connection.TenantId, null, null, $"{connection.ProviderId}: {connection.Domain} (approved by the platform)", current.UserId);
            logger.LogInformation("Superadmin {AdminId} approved the domains of SSO connection {ConnectionId}", current.UserId, connection.Id);
        }

        return await ViewAsync(connection, cancellationToken);
    }

    private async Task<PlatformSsoConnection> ViewAsync(SsoConnection connection, CancellationToken cancellationToken)
    {
        var domains = connection.Domains;
        var others = await db.SsoConnections.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.TenantId != connection.TenantId && c.DomainVerified)
            .Select(c => new { c.TenantId, c.Domain })
            .ToListAsync(cancellationToken);
        var tenantIds = others.Where(o => SsoConnectionRules.SplitDomains(o.Domain).Intersect(domains).Any()).Select(o => o.TenantId).Distinct().ToList();
        var names = tenantIds.Count == 0
            ? []
            : await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        return new PlatformSsoConnection(connection.Id, connection.ProviderId, connection.DisplayName, connection.Issuer, domains,
            connection.DomainVerified, connection.DomainVerifiedAt, connection.DomainVerifiedBy, names);
    }
}
