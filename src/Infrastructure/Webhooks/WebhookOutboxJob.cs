using Hangfire;
using Mediator;
using TenantSessions.Application.Webhooks.Commands.DeliverWebhooks;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// The <c>webhooks:outbox</c> job: recurring (every minute by default) and queued after every commit that wrote a
/// delivery. Endpoints are claimed before they are served, so even overlapping runs never send an event twice.
/// </summary>
public sealed class WebhookOutboxJob(ISender sender)
{
    [DisableConcurrentExecution(60)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task<WebhookDeliveryResult> RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new DeliverWebhooksCommand(), cancellationToken);
}
