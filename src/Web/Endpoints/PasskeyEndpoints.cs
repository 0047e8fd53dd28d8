using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Passkeys;
using TenantSessions.Application.Passkeys.Commands;
using TenantSessions.Application.Passkeys.Queries;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// Better Auth's passkey routes under <c>/api/auth/passkey</c>, plus step-up with a passkey. The options answers are the
/// WebAuthn JSON the browser passes to <c>PublicKeyCredential.parse…OptionsFromJSON</c>; the ceremony state rides in
/// the short-lived HttpOnly <c>ts_passkey</c> cookie (sealed by the data-protection key ring, ADR-013a).
/// </summary>
public static class PasskeyEndpoints
{
    public static IEndpointRouteBuilder MapPasskeyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/passkey").WithTags("Passkeys").AddEndpointFilter<OriginCheckFilter>();
        group.MapPost("/generate-register-options", async (HttpContext context, IMediator mediator) =>
            Options(context, await mediator.Send(new BeginPasskeyRegistrationCommand(), context.RequestAborted))).RequireAuthorization();
        group.MapPost("/verify-registration", VerifyRegistration).RequireAuthorization();
        group.MapGet("/list-user-passkeys", ListPasskeys).RequireAuthorization();
        group.MapPost("/delete-passkey", DeletePasskey).RequireAuthorization();
        group.MapPost("/generate-authenticate-options", async (HttpContext context, IMediator mediator) =>
            Options(context, await mediator.Send(new BeginPasskeySignInCommand(), context.RequestAborted))).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/verify-authentication", VerifyAuthentication).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/generate-reauthenticate-options", async (HttpContext context, IMediator mediator) =>
            Options(context, await mediator.Send(new BeginPasskeyStepUpCommand(), context.RequestAborted))).RequireAuthorization();
        group.MapPost("/reauthenticate", Reauthenticate).RequireAuthorization().RequireRateLimiting(RateLimits.SignIn);
        return app;
    }

    private static async Task<Ok<RegisteredPasskeyResponse>> VerifyRegistration(PasskeyCredentialRequest request, HttpContext context, IMediator mediator)
    {
        var passkey = await mediator.Send(new RegisterPasskeyCommand(Credential(request), TakeState(context), request.Name), context.RequestAborted);
        return TypedResults.Ok(new RegisteredPasskeyResponse(passkey.Id, passkey.Name, passkey.CreatedAt, await OtherSessions.CountAsync(mediator, context.RequestAborted)));
    }

    private static async Task<Ok<PasskeyDto[]>> ListPasskeys(HttpContext context, IMediator mediator)
    {
        var passkeys = await mediator.Send(new ListMyPasskeysQuery(), context.RequestAborted);
        return TypedResults.Ok(passkeys.Select(PasskeyDto.From).ToArray());
    }

    private static async Task<Ok<FactorChangedResponse>> DeletePasskey(PasskeyIdRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RemovePasskeyCommand(request.Id ?? ""), context.RequestAborted);
        return TypedResults.Ok(new FactorChangedResponse(true, await OtherSessions.CountAsync(mediator, context.RequestAborted)));
    }

    private static async Task<Ok<SignInResponse>> VerifyAuthentication(PasskeyCredentialRequest request, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new PasskeySignInCommand(Credential(request), TakeState(context), AuthEndpoints.Client(context)), context.RequestAborted);
        return TypedResults.Ok(await AuthEndpoints.SignInAsync(context, issued));
    }

    private static async Task<Ok<StatusResponse>> Reauthenticate(PasskeyCredentialRequest request, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new PasskeyStepUpCommand(Credential(request), TakeState(context)), context.RequestAborted);
        await context.SignInAsync(issued);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static IResult Options(HttpContext context, PasskeyOptions options)
    {
        PasskeyStateCookie.Write(context, options.State);
        return TypedResults.Text(options.OptionsJson, "application/json");
    }

    private static string TakeState(HttpContext context) => PasskeyStateCookie.Take(context);

    private static string Credential(PasskeyCredentialRequest request) =>
        request.Response is { ValueKind: JsonValueKind.Object } response ? response.GetRawText() : "";
}

/// <summary><c>response</c> is the JSON of the <c>PublicKeyCredential</c> (<c>credential.toJSON()</c>).</summary>
public sealed record PasskeyCredentialRequest(JsonElement? Response, string? Name);

public sealed record PasskeyIdRequest(string? Id);

/// <summary>The passkey just added, and how many other sessions are still signed in (ASVS 5.0 7.4.3).</summary>
public sealed record RegisteredPasskeyResponse(string Id, string Name, DateTimeOffset CreatedAt, int OtherSessions);

public sealed record PasskeyDto(string Id, string Name, DateTimeOffset CreatedAt)
{
    public static PasskeyDto From(PasskeySummary p) => new(p.Id, p.Name, p.CreatedAt);
}
