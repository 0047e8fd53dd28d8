using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Email;

namespace TenantSessions.Infrastructure.Email;

/// <summary>
/// After a save that added outbox messages has committed, queues a delivery run so e-mail leaves within seconds rather
/// than at the next recurring run. Queuing is best effort: if it fails, the recurring run still sends the message and
/// the action that wrote it has already succeeded. A save inside a transaction the command opened early (see
/// <c>IUnitOfWork.BeginAsync</c>) queues the run when that transaction commits, and not at all if it rolls back.
/// </summary>
internal sealed class OutboxDeliveryTrigger(IBackgroundJobClient jobs, ILogger<OutboxDeliveryTrigger> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            _pending.AddOrUpdate(context, true);
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && _pending.Remove(context))
        {
            Queue();
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            Queue();
        }

        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
        {
            Queue();
        }
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }

        return Task.CompletedTask;
    }

    private void Queue()
    {
        try
        {
            jobs.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not queue e-mail delivery; the recurring run will send the message");
        }
    }
}
