using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks.Queries.ListWebhookEndpoints;

/// <summary>The workspace's endpoints, oldest first.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListWebhookEndpointsQuery : IQuery<IReadOnlyList<WebhookEndpointView>>;

/// <summary>One endpoint with its latest deliveries (newest first) and how many are still undelivered.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetWebhookEndpointQuery(Guid EndpointId, int Deliveries = 50) : IQuery<WebhookEndpointDetail>;

public sealed record WebhookEndpointDetail(WebhookEndpointView Endpoint, int Undelivered, IReadOnlyList<WebhookDeliveryView> Deliveries);

internal sealed class ListWebhookEndpointsHandler(IApplicationDbContext db, TimeProvider clock)
    : IQueryHandler<ListWebhookEndpointsQuery, IReadOnlyList<WebhookEndpointView>>, IQueryHandler<GetWebhookEndpointQuery, WebhookEndpointDetail>
{
    public async ValueTask<IReadOnlyList<WebhookEndpointView>> Handle(ListWebhookEndpointsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return endpoints.Select(e => WebhookRules.View(e, now)).ToList();
    }

    public async ValueTask<WebhookEndpointDetail> Handle(GetWebhookEndpointQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == query.EndpointId, cancellationToken)
            ?? throw new NotFoundException(WebhookEndpointLookup.NotFound);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id && d.TenantId == endpoint.TenantId);
        var undelivered = await deliveries.CountAsync(d => d.DeliveredAt == null, cancellationToken);
        var latest = await deliveries.OrderByDescending(d => d.Id).Take(Math.Clamp(query.Deliveries, 1, 200)).ToListAsync(cancellationToken);
        return new WebhookEndpointDetail(WebhookRules.View(endpoint, now), undelivered, latest.Select(View).ToList());
    }

    private static WebhookDeliveryView View(WebhookDelivery d) => new(
        d.Id, d.AuditEventId, d.Action, d.CreatedAt,
        d.DeliveredAt is not null ? WebhookDeliveryStatus.Delivered : d.Attempts > 0 ? WebhookDeliveryStatus.Retrying : WebhookDeliveryStatus.Pending,
        d.Attempts, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt, d.DeliveredAt is null ? d.NextAttemptAt : null);
}

internal static class WebhookEndpointLookup
{
    public const string NotFound = "This workspace has no such webhook endpoint.";

    /// <summary>The current workspace's endpoint (tenant-filtered): another workspace's id is not found, like a missing one.</summary>
    public static async Task<WebhookEndpoint> FindAsync(IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw new NotFoundException(NotFound);
}
