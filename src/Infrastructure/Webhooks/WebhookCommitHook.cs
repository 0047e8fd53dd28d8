using Hangfire;
using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Webhooks;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// Queues a delivery run once a commit that wrote webhook deliveries is durable, so events leave within seconds rather
/// than at the next recurring run. Best effort, like the e-mail outbox's hook: the recurring run is the safety net.
/// </summary>
internal sealed class WebhookCommitHook(AppDbContext db, IBackgroundJobClient jobs, ILogger<WebhookCommitHook> logger) : ICommitHook
{
    public void Saving()
    {
    }

    public Task CommittedAsync(CancellationToken cancellationToken)
    {
        // Deliveries are added inside the save (WebhookOutboxInterceptor) and nothing else tracks them, so any tracked
        // one was just written.
        if (db.ChangeTracker.Entries<WebhookDelivery>().Any())
        {
            try
            {
                jobs.Enqueue<WebhookOutboxJob>(job => job.RunAsync(CancellationToken.None));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not queue webhook delivery; the recurring run will send the events");
            }
        }

        return Task.CompletedTask;
    }

    public void Failed()
    {
    }
}
