using Hangfire;
using Mediator;
using TenantSessions.Application.Email.Commands.DeliverEmails;

namespace TenantSessions.Infrastructure.Email;

/// <summary>
/// The <c>email:outbox</c> job: recurring (every minute by default) and queued after every commit that wrote a message.
/// One run at a time; each message is claimed before it is sent, so even overlapping runs never send one twice.
/// </summary>
public sealed class EmailOutboxJob(ISender sender)
{
    [DisableConcurrentExecution(60)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task<EmailDeliveryResult> RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new DeliverEmailsCommand(), cancellationToken);
}
