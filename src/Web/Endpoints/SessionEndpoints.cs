using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions.Commands.ChangePassword;
using TenantSessions.Application.Sessions.Commands.Reauthenticate;
using TenantSessions.Application.Sessions.Commands.RevokeAllMySessions;
using TenantSessions.Application.Sessions.Commands.RevokeMyOtherSessions;
using TenantSessions.Application.Sessions.Commands.RevokeMySession;
using TenantSessions.Application.Sessions.Queries.ListMySessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>The caller's own sessions, Better Auth–compatible: list, revoke one / the others / all, step-up, change password.</summary>
public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sessions").AddEndpointFilter<OriginCheckFilter>().RequireAuthorization();

        group.MapGet("/list-sessions", ListSessions);
        group.MapPost("/revoke-session", RevokeSession);
        group.MapPost("/revoke-other-sessions", RevokeOtherSessions);
        group.MapPost("/revoke-sessions", RevokeSessions);
        group.MapPost("/reauthenticate", Reauthenticate).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/change-password", ChangePassword).RequireRateLimiting(RateLimits.SignIn);
        return group;
    }

    private static async Task<Ok<SessionListItem[]>> ListSessions(HttpContext context, IMediator mediator, IGeoLocator geo)
    {
        var sessions = await mediator.Send(new ListMySessionsQuery(), context.RequestAborted);
        return TypedResults.Ok(SessionListItem.From(sessions, geo));
    }

    private static async Task<Ok<StatusResponse>> RevokeSession(RevokeSessionRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RevokeMySessionCommand(RequestValues.Id(request.Token, "token")), context.RequestAborted);
        return Done(context);
    }

    private static async Task<Ok<StatusResponse>> RevokeOtherSessions(HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RevokeMyOtherSessionsCommand(), context.RequestAborted);
        return Done(context);
    }

    private static async Task<Ok<StatusResponse>> RevokeSessions(HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RevokeAllMySessionsCommand(), context.RequestAborted);
        return Done(context);
    }

    private static async Task<Ok<StatusResponse>> Reauthenticate(ReauthenticateRequest request, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new ReauthenticateCommand(request.Password ?? ""), context.RequestAborted);
        await context.SignInAsync(issued);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Ok<ChangePasswordResponse>> ChangePassword(ChangePasswordRequest request, HttpContext context, IMediator mediator)
    {
        var changed = await mediator.Send(
            new ChangePasswordCommand(request.CurrentPassword ?? "", request.NewPassword ?? "", request.RevokeOtherSessions ?? true),
            context.RequestAborted);
        await context.SignInAsync(changed.Session);
        var user = changed.Session.User;
        return TypedResults.Ok(new ChangePasswordResponse(changed.Session.Session.Id, new SignedInUserDto(user.Id, user.Email ?? "", user.DisplayName, user.CreatedAt)));
    }

    /// <summary>When the caller's own session was among those ended, the session handler clears its cookies.</summary>
    private static Ok<StatusResponse> Done(HttpContext context)
    {
        return TypedResults.Ok(new StatusResponse(true));
    }
}
