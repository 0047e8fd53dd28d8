namespace TenantSessions.Application.Common.Interfaces;

/// <summary>Starts background work now instead of at its next scheduled run (Hangfire in this app).</summary>
public interface IJobScheduler
{
    /// <summary>Queues one run of the session purge and returns the background job's id.</summary>
    string EnqueueSessionPurge();
}
