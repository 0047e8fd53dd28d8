using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Audit.Queries.ListAuditEvents;

/// <summary>
/// The workspace's audit log, newest first, a page of <see cref="Limit"/> events after <see cref="Cursor"/> (from the
/// previous page). Only the current workspace's events and people: a foreign person as a filter finds nothing.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListAuditEventsQuery(AuditEventFilter Filter, string? Cursor = null, int Limit = 50) : IQuery<AuditEventPage>;

/// <summary>The audit log of the whole platform for a superadmin (every workspace and the platform's own events).</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ListPlatformAuditEventsQuery(AuditEventFilter Filter, string? Cursor = null, int Limit = 50) : IQuery<AuditEventPage>;

public sealed class ListAuditEventsHandler(IApplicationDbContext db) :
    IQueryHandler<ListAuditEventsQuery, AuditEventPage>,
    IQueryHandler<ListPlatformAuditEventsQuery, AuditEventPage>
{
    public async ValueTask<AuditEventPage> Handle(ListAuditEventsQuery query, CancellationToken cancellationToken) =>
        await AuditEventSearch.PageAsync(
            db.AuditEvents.AsNoTracking(), db.Users.AsNoTracking(), db, query.Filter with { TenantId = null }, query.Cursor, query.Limit, cancellationToken);

    public async ValueTask<AuditEventPage> Handle(ListPlatformAuditEventsQuery query, CancellationToken cancellationToken) =>
        await AuditEventSearch.PageAsync(
            db.AuditEvents.IgnoreQueryFilters().AsNoTracking(), db.Users.IgnoreQueryFilters().AsNoTracking(), db, query.Filter, query.Cursor, query.Limit, cancellationToken);
}
