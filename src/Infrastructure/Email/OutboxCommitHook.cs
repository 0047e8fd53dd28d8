using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Email;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Email;

/// <summary>
/// The outbox's part of a commit: when the command added messages, a delivery run is queued once the rows are durable,
/// so e-mail leaves within seconds rather than at the next recurring run, and never for a command that rolled back.
/// Queuing is best effort: if it fails, the recurring run still sends the message, and the action that wrote it has
/// already succeeded.
/// </summary>
internal sealed class OutboxCommitHook(AppDbContext db, IBackgroundJobClient jobs, ILogger<OutboxCommitHook> logger) : ICommitHook
{
    private bool _added;

    public void Saving() => _added = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);

    public Task CommittedAsync(CancellationToken cancellationToken)
    {
        if (_added)
        {
            _added = false;
            try
            {
                jobs.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not queue e-mail delivery; the recurring run will send the message");
            }
        }

        return Task.CompletedTask;
    }

    public void Failed() => _added = false;
}
