using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Webhooks;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// Writes the webhook outbox in the save that writes the audit events: for every workspace event being added, one
/// <see cref="WebhookDelivery"/> per endpoint of that workspace. Inside <c>SaveChanges</c>, so the deliveries commit
/// exactly when the events do (the same transaction, whatever path wrote the event: a command's unit of work or a
/// job's own save). An endpoint added in the same save gets the events of that save (its own "added" event first);
/// one removed in it gets none. Costs one indexed query per save that adds workspace events, none otherwise.
/// </summary>
internal sealed class WebhookOutboxInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db && Pending(db) is { } events)
        {
            var tenants = events.Select(e => e.TenantId!.Value).Distinct().ToList();
            Stage(db, events, db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
                .Where(e => tenants.Contains(e.TenantId)).Select(e => new EndpointRef(e.Id, e.TenantId)).ToList());
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && Pending(db) is { } events)
        {
            var tenants = events.Select(e => e.TenantId!.Value).Distinct().ToList();
            Stage(db, events, await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
                .Where(e => tenants.Contains(e.TenantId)).Select(e => new EndpointRef(e.Id, e.TenantId)).ToListAsync(cancellationToken));
        }

        return result;
    }

    private sealed record EndpointRef(Guid Id, Guid TenantId);

    private static List<AuditEvent>? Pending(AppDbContext db)
    {
        var events = db.ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.TenantId != null)
            .Select(e => e.Entity)
            .OrderBy(e => e.At)
            .ToList();
        return events.Count == 0 ? null : events;
    }

    private void Stage(AppDbContext db, List<AuditEvent> events, List<EndpointRef> stored)
    {
        var tracked = db.ChangeTracker.Entries<WebhookEndpoint>().ToList();
        var removed = tracked.Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id).ToHashSet();
        var endpoints = stored.Where(e => !removed.Contains(e.Id))
            .Concat(tracked.Where(e => e.State == EntityState.Added).Select(e => new EndpointRef(e.Entity.Id, e.Entity.TenantId)))
            .DistinctBy(e => e.Id)
            .ToList();
        if (endpoints.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var audit in events)
        {
            foreach (var endpoint in endpoints.Where(e => e.TenantId == audit.TenantId))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery(endpoint.TenantId, endpoint.Id, audit.Id, audit.Action, now));
            }
        }
    }
}
