using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Sessions.Commands.TriggerPurge;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// Platform job controls: <c>POST /api/platform/jobs/purge</c> queues a session purge now. Mapped on the platform group,
/// so it shares its host restriction, origin check and superadmin requirement.
/// </summary>
public static class PlatformJobsEndpoints
{
    public static RouteGroupBuilder MapPlatformJobsApi(this RouteGroupBuilder platform)
    {
        platform.MapPost("/jobs/purge", TriggerPurge);
        return platform;
    }

    private static async Task<Accepted<TriggerPurgeResponse>> TriggerPurge(HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new TriggerPurgeCommand(), context.RequestAborted);
        return TypedResults.Accepted((string?)null, new TriggerPurgeResponse(result.JobId));
    }
}

public sealed record TriggerPurgeResponse(string JobId);
