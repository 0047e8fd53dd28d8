using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Auth.Commands.SignIn;
using TenantSessions.Application.Auth.Commands.SignOut;
using TenantSessions.Application.Auth.Commands.SignUp;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>The Better Auth–compatible core: sign-up, sign-in, sign-out, get-session.</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AddEndpointFilter<OriginCheckFilter>();

        group.MapPost("/sign-up/email", SignUp).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/sign-in/email", SignIn).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/sign-out", SignOut).RequireAuthorization();
        group.MapGet("/get-session", GetSession).Produces<GetSessionResponse>(contentType: "application/json");
        return group;
    }

    /// <summary>With e-mail verification on, the answer is <c>{"token":null,"user":null}</c> for every accepted address.</summary>
    private static async Task<IResult> SignUp(SignUpRequest request, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new SignUpCommand(request.Name ?? "", request.Email ?? "", request.Password ?? "", Client(context)), context.RequestAborted);
        return result.Session is { } issued
            ? TypedResults.Ok(await SignInAsync(context, issued))
            : TypedResults.Ok(new VerificationSentResponse(null, null));
    }

    private static async Task<IResult> SignIn(SignInRequest request, HttpContext context, IMediator mediator, PendingSignInCookie pendingCookie)
    {
        var outcome = await mediator.Send(new SignInCommand(request.Email ?? "", request.Password ?? "", request.RememberMe ?? true, Client(context)), context.RequestAborted);
        if (outcome.Pending is { } pending)
        {
            pendingCookie.Write(context, pending);
            return TypedResults.Ok(TwoFactorRedirectResponse.For(pending));
        }

        return TypedResults.Ok(await SignInAsync(context, outcome.Session!));
    }

    /// <summary>
    /// Better Auth's <c>{success:true}</c>; for a session signed in through an IdP with an end-session endpoint, also
    /// <c>url</c> (the IdP's logout) and <c>redirect:true</c>, which Better Auth's client follows in a browser as it does
    /// for <c>signIn.sso</c> (RP-initiated logout, ADR-027). The session has ended here either way.
    /// </summary>
    private static async Task<Ok<SignOutResponse>> SignOut(HttpContext context, IMediator mediator, Sso.SsoSignOut ssoSignOut)
    {
        var idpLogout = await ssoSignOut.PrepareAsync(context, mediator);
        await mediator.Send(new SignOutCommand(), context.RequestAborted);
        await context.SignOutSessionAsync();
        var url = await ssoSignOut.IdpUrlAsync(context, idpLogout);
        return TypedResults.Ok(new SignOutResponse(true, url, url is null ? null : true));
    }

    private static IResult GetSession(HttpContext context)
    {
        var feature = context.Features.Get<SessionFeature>();
        if (feature?.Payload is { } payload)
        {
            return GetSessionResponse.Result(payload);
        }

        if (feature?.FailureCode is { } code)
        {
            context.Response.Headers[SessionEndedHeader] = code;
            if (feature.RevokeReason is { } reason)
            {
                context.Response.Headers[SessionEndedReasonHeader] = reason;
            }
        }

        return TypedResults.Content("null", "application/json");
    }

    /// <summary>
    /// On get-session, why the presented session was refused (<c>SESSION_EXPIRED</c>, <c>SESSION_REVOKED</c>,
    /// <c>TENANT_SUSPENDED</c>, ...): Better Auth's contract is <c>200 null</c>, so the reason travels in a header.
    /// </summary>
    public const string SessionEndedHeader = "X-Session-Ended";

    /// <summary>On get-session, the stored reason an ended session was revoked (<c>REVOKED_BY_ADMIN</c>, ...), when it was.</summary>
    public const string SessionEndedReasonHeader = "X-Session-Ended-Reason";

    internal static async Task<SignInResponse> SignInAsync(HttpContext context, IssuedSession issued)
    {
        await context.SignInAsync(issued);
        return new SignInResponse(false, issued.Session.Id, null, new SignedInUserDto(issued.User.Id, issued.User.Email ?? "", issued.User.DisplayName, issued.User.CreatedAt));
    }

    public static ClientInfo Client(HttpContext context) =>
        ClientInfo.Create(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString());
}
