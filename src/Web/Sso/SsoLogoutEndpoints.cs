using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso.Commands.BackchannelLogout;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Sso;

/// <summary>The spec's error body (Back-Channel Logout 1.0, 2.8).</summary>
public sealed record BackchannelLogoutError([property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error, [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string Description);

/// <summary>
/// <c>POST /api/auth/sso/backchannel-logout/{providerId}</c>: the IdP's server posts <c>logout_token</c> (form); 200 when
/// the token is valid (whether or not a session was still live), 400 <c>{error: "invalid_request"}</c> otherwise.
/// </summary>
public static class SsoLogoutEndpoints
{
    public static RouteGroupBuilder MapSsoLogoutApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/sso").WithTags("Single sign-on").AddEndpointFilter<OriginCheckFilter>().AllowAnonymous();
        group.MapPost("/backchannel-logout/{providerId}", BackchannelLogout).DisableAntiforgery();
        return group;
    }

    private static async Task<IResult> BackchannelLogout(string providerId, HttpContext context, IMediator mediator)
    {
        string? token = null;
        if (context.Request.HasFormContentType)
        {
            try
            {
                token = (await context.Request.ReadFormAsync(context.RequestAborted))["logout_token"].FirstOrDefault();
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A body that is not the form it claims to be (a multipart body cut short is an IOException): no token.
                token = null;
            }
        }

        try
        {
            await mediator.Send(new BackchannelLogoutCommand(providerId, token), context.RequestAborted);
            return Results.Ok();
        }
        catch (RefusalException refusal) when (refusal.Code == BackchannelLogoutHandler.InvalidRequest)
        {
            return Results.BadRequest(new BackchannelLogoutError(refusal.Code, refusal.Message));
        }
        catch (DbUpdateException)
        {
            return Results.BadRequest(new BackchannelLogoutError(BackchannelLogoutHandler.InvalidRequest, "This logout token was already used."));
        }
    }
}
