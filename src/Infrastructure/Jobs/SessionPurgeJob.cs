using Hangfire;
using Mediator;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;

namespace TenantSessions.Infrastructure.Jobs;

/// <summary>
/// The recurring <c>sessions:purge</c> job. One run at a time across every node (a second one waits for the
/// distributed lock, then gives up and is retried); a failed or interrupted run is retried, and since every batch
/// commits on its own, the retry just carries on.
/// </summary>
public sealed class SessionPurgeJob(ISender sender)
{
    public const int LockTimeoutSeconds = 60;

    [DisableConcurrentExecution(LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<PurgeResult> RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new PurgeExpiredSessionsCommand(), cancellationToken);
}
