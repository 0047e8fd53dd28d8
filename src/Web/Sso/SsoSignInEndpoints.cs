using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.SsoStepUp;
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

/// <summary>The body of <c>POST /api/auth/sso/reauthenticate</c>: where the browser goes back to afterwards.</summary>
public sealed record SsoStepUpRequest([property: JsonPropertyName("callbackURL")] string? CallbackUrl);

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
        group.MapPost("/sso/reauthenticate", StepUp).RequireRateLimiting(RateLimits.SignIn);
        group.MapGet("/sso/signed-out/{providerId}", SignedOut);
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

    /// <summary>
    /// Step-up at the IdP (issue 22 item 5, ADR-027) for a session signed in through it: answers the IdP's URL, asked
    /// with <c>prompt=login</c> and <c>max_age=0</c> (the library's own challenge parameters); the session and the time
    /// of the request ride in the protected state, so the callback knows it is a step-up and of which session.
    /// A session not signed in by SSO gets 400 <c>SSO_NOT_SIGNED_IN_BY_SSO</c>; without a session, 401.
    /// </summary>
    private static async Task<Ok<SignInSsoResponse>> StepUp(SsoStepUpRequest? request, HttpContext context, IMediator mediator, SsoProtocol protocol)
    {
        var url = await StepUpChallengeAsync(context, mediator, protocol, request?.CallbackUrl);
        return TypedResults.Ok(new SignInSsoResponse(url, true));
    }

    public static async Task<string> StepUpChallengeAsync(HttpContext context, IMediator mediator, SsoProtocol protocol, string? returnUrl)
    {
        var offer = await mediator.Send(new GetSsoStepUpQuery(), context.RequestAborted)
            ?? throw new RefusalException(SsoErrors.NotSignedInBySso, "This session was not signed in through an identity provider: confirm it's you with your password or a passkey.");
        var settings = await mediator.Send(new GetSsoSignInSettingsQuery(offer.ProviderId), context.RequestAborted);
        var session = context.RequestServices.GetRequiredService<TenantSessions.Application.Common.Interfaces.ICurrentSession>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = LocalReturnUrl.OrHome(returnUrl), Prompt = OpenIdConnectPrompt.Login, MaxAge = TimeSpan.Zero };
        properties.Items[SsoProtocol.StepUpSessionItem] = session.SessionId!.Value.ToString("N");
        properties.Items[SsoProtocol.StepUpAtItem] = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var handler = await protocol.HandlerAsync(context, settings);
        await handler.ChallengeAsync(properties);
        var url = context.Response.Headers.Location.ToString();
        context.Response.Headers.Location = default;
        context.Response.StatusCode = StatusCodes.Status200OK;
        return url;
    }

    /// <summary>The IdP's return after an RP-initiated logout: the handler checks the state (this host, this connection) and goes on to its page.</summary>
    private static async Task<IResult> SignedOut(string providerId, HttpContext context, IMediator mediator, SsoProtocol protocol)
    {
        const string signedOut = $"/sign-in?reason={TenantSessions.Domain.Sessions.RevokeReasons.SignedOut}";
        try
        {
            var settings = await mediator.Send(new GetSsoSignInSettingsQuery(providerId), context.RequestAborted);
            var handler = await protocol.HandlerAsync(context, settings);
            await handler.HandleRequestAsync();
        }
        catch (RefusalException)
        {
        }

        // With a good state the handler has redirected to the page it names; without one (or a connection gone), the same page.
        return context.Response.StatusCode == StatusCodes.Status302Found ? Results.Empty : Results.Redirect(signedOut);
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
