using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks.Commands.DeliverWebhooks;

/// <summary>
/// One run of the webhook outbox (ADR-029). For each endpoint with an undelivered event it claims the endpoint (a
/// conditional update, so two runs never serve one endpoint at once), then sends its deliveries one by one in their
/// order, each marked delivered in an update guarded by the claim. The first that fails is retried after 1, 2, 4 …
/// minutes (up to <see cref="WebhookOptions.MaxRetryDelay"/>) and holds back the ones after it, so a receiver gets
/// the workspace's events in order; nothing is given up: a delivery goes only with its audit event, at the retention.
/// </summary>
public sealed record DeliverWebhooksCommand(int MaxBatches = 20) : ICommand<WebhookDeliveryResult>;

public sealed record WebhookDeliveryResult(int Delivered, int Failed);

internal sealed class DeliverWebhooksHandler(
    IApplicationDbContext db,
    IWebhookSender sender,
    IWebhookSecrets secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliverWebhooksHandler> logger) : ICommandHandler<DeliverWebhooksCommand, WebhookDeliveryResult>
{
    public async ValueTask<WebhookDeliveryResult> Handle(DeliverWebhooksCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int delivered = 0, failed = 0;
        var served = new HashSet<Guid>();
        for (var batch = 0; batch < command.MaxBatches; batch++)
        {
            var now = clock.GetUtcNow();
            var due = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
                .Where(e => !served.Contains(e.Id) && (e.ClaimedUntil == null || e.ClaimedUntil < now)
                    && db.WebhookDeliveries.Any(d => d.EndpointId == e.Id && d.DeliveredAt == null && d.NextAttemptAt <= now))
                .OrderBy(e => e.Id)
                .Select(e => e.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var endpointId in due)
            {
                served.Add(endpointId);
                var (sent, refused) = await ServeAsync(endpointId, settings, cancellationToken);
                delivered += sent;
                failed += refused;
            }
        }

        return new WebhookDeliveryResult(delivered, failed);
    }

    private async Task<(int Sent, int Failed)> ServeAsync(Guid endpointId, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claim = Guid.CreateVersion7(now);
        var until = now + settings.ClaimTimeout;
        var claimed = await db.WebhookEndpoints.IgnoreQueryFilters()
            .Where(e => e.Id == endpointId && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimId, claim).SetProperty(e => e.ClaimedUntil, until), cancellationToken);
        if (claimed == 0)
        {
            return (0, 0);
        }

        var sent = 0;
        try
        {
            var endpoint = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(e => e.Id == endpointId && e.ClaimId == claim, cancellationToken);
            if (endpoint is null)
            {
                return (0, 0);
            }

            var slug = await db.Tenants.AsNoTracking().Where(t => t.Id == endpoint.TenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
            var keys = new List<string> { secrets.Unprotect(endpoint.ProtectedSecret) };
            if (endpoint.PreviousSecretAt(now) is { } previous)
            {
                keys.Add(secrets.Unprotect(previous));
            }

            var url = new Uri(endpoint.Url);
            for (var i = 0; i < settings.BatchSize; i++)
            {
                // The endpoint's first undelivered event, whatever its time: a later one never overtakes it.
                var head = await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.EndpointId == endpointId && d.DeliveredAt == null)
                    .OrderBy(d => d.Id)
                    .FirstOrDefaultAsync(cancellationToken);
                if (head is null || head.NextAttemptAt > clock.GetUtcNow())
                {
                    break;
                }

                var audit = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                    .SingleOrDefaultAsync(a => a.Id == head.AuditEventId && a.TenantId == endpoint.TenantId, cancellationToken);
                if (audit is null)
                {
                    // Purged between the two reads (the cascade removes the delivery too).
                    await db.WebhookDeliveries.Where(d => d.Id == head.Id).ExecuteDeleteAsync(CancellationToken.None);
                    continue;
                }

                var attempt = await sender.SendAsync(new WebhookMessage(audit, slug, url, keys), cancellationToken);
                var at = clock.GetUtcNow();
                if (attempt.Delivered)
                {
                    await db.WebhookDeliveries
                        .Where(d => d.Id == head.Id && d.DeliveredAt == null && db.WebhookEndpoints.IgnoreQueryFilters().Any(e => e.Id == endpointId && e.ClaimId == claim))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(d => d.DeliveredAt, at)
                            .SetProperty(d => d.LastAttemptAt, at)
                            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                            .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                            .SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
                    sent++;
                    continue;
                }

                var attempts = head.Attempts + 1;
                var delay = RetryDelay(attempts, settings.MaxRetryDelay);
                var error = attempt.Error is { Length: > WebhookDelivery.MaxErrorLength } e ? e[..WebhookDelivery.MaxErrorLength] : attempt.Error;
                await db.WebhookDeliveries
                    .Where(d => d.Id == head.Id && d.DeliveredAt == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                        .SetProperty(d => d.LastAttemptAt, at)
                        .SetProperty(d => d.NextAttemptAt, at + delay)
                        .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                        .SetProperty(d => d.LastError, error), CancellationToken.None);
                logger.LogWarning("Webhook delivery {DeliveryId} ({Action}) to endpoint {EndpointId} failed, attempt {Attempt}: {Error}; next try in {Delay}",
                    head.Id, head.Action, endpointId, attempts, error, delay);
                return (sent, 1);
            }

            return (sent, 0);
        }
        finally
        {
            await db.WebhookEndpoints.IgnoreQueryFilters()
                .Where(e => e.Id == endpointId && e.ClaimId == claim)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimId, (Guid?)null).SetProperty(e => e.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            if (sent > 0)
            {
                logger.LogInformation("Webhooks: {Count} events delivered to endpoint {EndpointId}", sent, endpointId);
            }
        }
    }

    /// <summary>1, 2, 4 … minutes after the attempt, up to <paramref name="max"/>.</summary>
    public static TimeSpan RetryDelay(int attempt, TimeSpan max)
    {
        var delay = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(attempt - 1, 20)));
        return delay < max ? delay : max;
    }
}
