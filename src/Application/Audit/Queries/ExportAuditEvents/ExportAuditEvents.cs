using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Audit.Queries.ExportAuditEvents;

/// <summary>
/// The workspace's events from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive), oldest first, as a stream
/// that reads one row at a time while it is written out: the export of any range takes the same memory.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ExportAuditEventsQuery(DateTimeOffset? From, DateTimeOffset? To) : IQuery<AuditExport>;

/// <summary>The same for the whole platform (a superadmin on the platform host), optionally one workspace's.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin, Scope = AuthorizationScope.PlatformHost)]
public sealed record ExportPlatformAuditEventsQuery(DateTimeOffset? From, DateTimeOffset? To, Guid? TenantId = null) : IQuery<AuditExport>;

public sealed class ExportAuditEventsHandler(IApplicationDbContext db) :
    IQueryHandler<ExportAuditEventsQuery, AuditExport>,
    IQueryHandler<ExportPlatformAuditEventsQuery, AuditExport>
{
    public ValueTask<AuditExport> Handle(ExportAuditEventsQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AuditExport(AuditEventSearch.Stream(
            db.AuditEvents.AsNoTracking(), db.Users.AsNoTracking(), db, new AuditEventFilter(From: query.From, To: query.To))));

    public ValueTask<AuditExport> Handle(ExportPlatformAuditEventsQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AuditExport(AuditEventSearch.Stream(
            db.AuditEvents.IgnoreQueryFilters().AsNoTracking(), db.Users.IgnoreQueryFilters().AsNoTracking(), db,
            new AuditEventFilter(From: query.From, To: query.To, TenantId: query.TenantId))));
}
