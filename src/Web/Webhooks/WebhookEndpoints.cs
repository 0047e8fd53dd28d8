using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Webhooks;
using TenantSessions.Application.Webhooks.Commands.DeleteWebhookEndpoint;
using TenantSessions.Application.Webhooks.Commands.RegisterWebhookEndpoint;
using TenantSessions.Application.Webhooks.Commands.RotateWebhookSecret;
using TenantSessions.Application.Webhooks.Queries.ListWebhookEndpoints;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Webhooks;

public sealed record WebhookEndpointBody(string? Url, string? Description);

/// <summary>An endpoint with its secret: only the answer of a registration or a rotation carries it.</summary>
public sealed record WebhookSecretResponse(WebhookEndpointView Endpoint, string Secret);

public sealed record WebhookEndpointsResponse(IReadOnlyList<WebhookEndpointView> Endpoints);

/// <summary>
/// <c>/api/auth/admin/webhooks</c>: a workspace's SIEM endpoints for its admins (ADR-029). The commands check the role
/// and the fresh session; an id of another workspace's endpoint is a 404 like a missing one.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin/webhooks").WithTags("Webhooks")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));
        group.MapGet("", List);
        group.MapPost("", Register);
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/rotate-secret", Rotate);
        group.MapDelete("/{id}", Delete);
        return group;
    }

    private static async Task<Ok<WebhookEndpointsResponse>> List(HttpContext context, IMediator mediator) =>
        TypedResults.Ok(new WebhookEndpointsResponse(await mediator.Send(new ListWebhookEndpointsQuery(), context.RequestAborted)));

    private static async Task<Ok<WebhookSecretResponse>> Register(WebhookEndpointBody body, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new RegisterWebhookEndpointCommand(body.Url ?? "", body.Description), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new WebhookSecretResponse(issued.Endpoint, issued.Secret));
    }

    private static async Task<Ok<WebhookEndpointDetail>> Get(string id, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new GetWebhookEndpointQuery(Id(id)), context.RequestAborted));

    private static async Task<Ok<WebhookSecretResponse>> Rotate(string id, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new RotateWebhookSecretCommand(Id(id)), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new WebhookSecretResponse(issued.Endpoint, issued.Secret));
    }

    private static async Task<Ok<SuccessResponse>> Delete(string id, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new DeleteWebhookEndpointCommand(Id(id)), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    /// <summary>A malformed id is as unknown as a foreign one: 404, not 400 or 500.</summary>
    private static Guid Id(string id) => Guid.TryParse(id, out var value) ? value : throw new NotFoundException("This workspace has no such webhook endpoint.");
}
