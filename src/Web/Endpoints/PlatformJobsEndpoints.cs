using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions.Commands.TriggerPurge;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>Platform job controls: <c>POST /api/platform/jobs/purge</c> queues a session purge now (superadmin, platform host).</summary>
public static class PlatformJobsEndpoints
{
    public static RouteGroupBuilder MapPlatformJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/platform/jobs")
            .WithTags("Platform")
            .AddEndpointFilter<OriginCheckFilter>()
            .AddEndpointFilter(PlatformHostOnly)
            .RequireAuthorization(policy => policy.RequireRole(Roles.PlatformSuperadmin));

        group.MapPost("/purge", TriggerPurge);
        return group;
    }

    private static async Task<Accepted<TriggerPurgeResponse>> TriggerPurge(HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new TriggerPurgeCommand(), context.RequestAborted);
        return TypedResults.Accepted((string?)null, new TriggerPurgeResponse(result.JobId));
    }

    private static async ValueTask<object?> PlatformHostOnly(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.RequestServices.GetRequiredService<ICurrentTenant>().IsPlatformHost
            ? await next(invocation)
            : Problems.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found.");
}

public sealed record TriggerPurgeResponse(string JobId);
