using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions.Commands.TriggerPurge;

/// <summary>A superadmin starts the session purge now; it runs as a background job like the scheduled one. Needs a fresh session.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed record TriggerPurgeCommand : ICommand<TriggerPurgeResult>, IRequireFreshSession;

public sealed record TriggerPurgeResult(string JobId);

public sealed class TriggerPurgeHandler(IJobScheduler jobs, ICurrentSession current, ILogger<TriggerPurgeHandler> logger)
    : ICommandHandler<TriggerPurgeCommand, TriggerPurgeResult>
{
    public ValueTask<TriggerPurgeResult> Handle(TriggerPurgeCommand command, CancellationToken cancellationToken)
    {
        var jobId = jobs.EnqueueSessionPurge();
        logger.LogInformation("Session purge job {JobId} queued by {UserId}", jobId, current.UserId);
        return ValueTask.FromResult(new TriggerPurgeResult(jobId));
    }
}
