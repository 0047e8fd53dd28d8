using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Email;

namespace TenantSessions.Application.Email.Commands.DeliverEmails;

/// <summary>
/// One run of the outbox: claims due messages (a conditional update, so two runs never hold the same row), sends each
/// and marks it sent in one update guarded by the claim; a failure schedules a retry with a growing delay, up to
/// <see cref="OutboxOptions.MaxAttempts"/>; then, or at once for an <see cref="UndeliverableEmailException"/>, the message
/// is dead (<see cref="OutboxMessage.DeadAt"/>): kept with its last error, never claimed again. Runs until no message is
/// due or <paramref name="MaxBatches"/> is reached.
/// </summary>
public sealed record DeliverEmailsCommand(int MaxBatches = 20) : ICommand<EmailDeliveryResult>;

public sealed record EmailDeliveryResult(int Sent, int Failed);

public sealed class DeliverEmailsHandler(
    IApplicationDbContext db,
    IEmailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<DeliverEmailsHandler> logger) : ICommandHandler<DeliverEmailsCommand, EmailDeliveryResult>
{
    public async ValueTask<EmailDeliveryResult> Handle(DeliverEmailsCommand command, CancellationToken cancellationToken)
    {
        var outbox = options.Value.Outbox;
        int sent = 0, failed = 0;
        for (var batch = 0; batch < command.MaxBatches; batch++)
        {
            var claimed = await ClaimAsync(outbox, cancellationToken);
            if (claimed.Count == 0)
            {
                break;
            }

            foreach (var message in claimed)
            {
                if (await SendAsync(message, outbox, cancellationToken))
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }

            if (failed > 0)
            {
                break;
            }
        }

        return new EmailDeliveryResult(sent, failed);
    }

    private async Task<List<OutboxMessage>> ClaimAsync(OutboxOptions outbox, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.EmailOutbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.DeadAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(outbox.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // The claim condition is repeated in the UPDATE: a concurrent run that claimed a row first makes it fail here.
        var claim = Guid.CreateVersion7(now);
        var until = now + outbox.ClaimTimeout;
        await db.EmailOutbox
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.DeadAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        return await db.EmailOutbox.AsNoTracking().Where(m => m.ClaimId == claim).OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken);
    }

    private async Task<bool> SendAsync(OutboxMessage message, OutboxOptions outbox, CancellationToken cancellationToken)
    {
        var claim = message.ClaimId;
        try
        {
            await transport.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var attempt = message.Attempts + 1;
            var delay = RetryDelay(attempt, outbox.MaxRetryDelay);
            DateTimeOffset? deadAt = ex is UndeliverableEmailException || attempt >= outbox.MaxAttempts ? now : null;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            error = error.Length > 1000 ? error[..1000] : error;
            await db.EmailOutbox
                .Where(m => m.Id == message.Id && m.ClaimId == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.NextAttemptAt, now + delay)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.DeadAt, deadAt)
                    .SetProperty(m => m.ClaimId, (Guid?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            if (deadAt is null)
            {
                logger.LogWarning(ex, "E-mail {MessageId} ({Kind}) not sent, attempt {Attempt}; next try in {Delay}", message.Id, message.Kind, attempt, delay);
            }
            else
            {
                logger.LogError(ex, "E-mail {MessageId} ({Kind}) given up after attempt {Attempt}", message.Id, message.Kind, attempt);
            }

            return false;
        }

        var sentAt = clock.GetUtcNow();
        await db.EmailOutbox
            .Where(m => m.Id == message.Id && m.ClaimId == claim)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, sentAt)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.ClaimId, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        logger.LogInformation("E-mail {MessageId} ({Kind}) sent", message.Id, message.Kind);
        return true;
    }

    public static TimeSpan RetryDelay(int attempt, TimeSpan max)
    {
        var minutes = Math.Pow(2, Math.Min(attempt - 1, 20));
        var delay = TimeSpan.FromMinutes(minutes);
        return delay < max ? delay : max;
    }
}
