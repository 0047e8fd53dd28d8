using Hangfire;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Infrastructure.Jobs;

public sealed class HangfireJobScheduler(IBackgroundJobClient jobs) : IJobScheduler
{
    public string EnqueueSessionPurge() => jobs.Enqueue<SessionPurgeJob>(job => job.RunAsync(CancellationToken.None));
}
