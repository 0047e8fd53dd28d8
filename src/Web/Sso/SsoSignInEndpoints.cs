using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Queries.GetSsoSignInSettings;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Sso;

/// <summary>Better Auth's <c>/sign-in/sso</c> body (the fields this server uses).</summary>
public sealed record SignInSsoRequest(
    string? Email,
    string? ProviderId,
    string? Domain,
    [property: JsonPropertyName("callbackURL")] string? CallbackUrl,
    string? LoginHint);

public sealed record SignInSsoResponse(string Url, bool Redirect);

/// <summary>
/// Signing in through a workspace's IdP: <c>POST /api/auth/sign-in/sso</c> answers the IdP's URL (Better Auth's
/// <c>{url, redirect:true}</c>) with the correlation and nonce cookies set; the IdP sends the browser back to
/// <c>GET /api/auth/sso/callback/{providerId}</c> on the same workspace host, where the handler checks it all.
/// </summary>
public static class SsoSignInEndpoints
{
    public static RouteGroupBuilder MapSsoSignInApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Single sign-on").AddEndpointFilter<OriginCheckFilter>().AllowAnonymous();
        group.MapPost("/sign-in/sso", SignIn);
        group.MapGet("/sso/callback/{providerId}", Callback);
        return group;
    }

    private static async Task<Ok<SignInSsoResponse>> SignIn(SignInSsoRequest request, HttpContext context, IMediator mediator, SsoProtocol protocol)
    {
        if (string.IsNullOrWhiteSpace(request.ProviderId) && string.IsNullOrWhiteSpace(request.Email) && string.IsNullOrWhiteSpace(request.Domain))
        {
            throw new ValidationException("email", "Enter your work e-mail address (or name the connection).");
        }

        var settings = await mediator.Send(new GetSsoSignInSettingsQuery(request.ProviderId, request.Email, request.Domain), context.RequestAborted);
        var url = await ChallengeAsync(context, protocol, settings, request.CallbackUrl, request.LoginHint ?? request.Email);
        return TypedResults.Ok(new SignInSsoResponse(url, true));
    }

    /// <summary>Starts the code flow and returns the IdP's URL instead of redirecting (the page redirects to it itself).</summary>
    public static async Task<string> ChallengeAsync(HttpContext context, SsoProtocol protocol, SsoSignInSettings settings, string? returnUrl, string? loginHint)
    {
        var handler = await protocol.HandlerAsync(context, settings);
        var properties = new AuthenticationProperties { RedirectUri = LocalReturnUrl.OrHome(returnUrl) };
        if (!string.IsNullOrWhiteSpace(loginHint) && loginHint.Length <= 254)
        {
            properties.Items[SsoProtocol.LoginHintItem] = loginHint.Trim();
        }

        await handler.ChallengeAsync(properties);
        var url = context.Response.Headers.Location.ToString();
        context.Response.Headers.Location = default;
        context.Response.StatusCode = StatusCodes.Status200OK;
        return url;
    }

    private static async Task<IResult> Callback(string providerId, HttpContext context, IMediator mediator, SsoProtocol protocol)
    {
        SsoSignInSettings settings;
        try
        {
            settings = await mediator.Send(new GetSsoSignInSettingsQuery(providerId), context.RequestAborted);
        }
        catch (RefusalException refusal)
        {
            return Results.Redirect(SsoProtocol.RefusedPage(refusal.Code));
        }

        var handler = await protocol.HandlerAsync(context, settings);
        return await handler.HandleRequestAsync() ? Results.Empty : Results.Redirect(SsoProtocol.RefusedPage(SsoRefusals.Failed));
    }
}
