using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Admin.Commands.ResetMemberTwoFactor;
using TenantSessions.Application.Admin.Commands.UpdateTwoFactorRequirement;
using TenantSessions.Application.Admin.Queries.GetTwoFactorRequirement;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.SecondFactors.Commands.CompleteSignIn;
using TenantSessions.Application.SecondFactors.Commands.ConfirmTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.DisableTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.EnableTwoFactor;
using TenantSessions.Application.SecondFactors.Commands.RegenerateRecoveryCodes;
using TenantSessions.Application.SecondFactors.Commands.StartEnrolment;
using TenantSessions.Application.SecondFactors.Queries.GetTwoFactorStatus;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// Better Auth's two-factor routes under <c>/api/auth/two-factor</c>, and the tenant admin's second-factor routes.
/// <c>enable</c> and <c>verify-totp</c> serve two callers: a signed-in person setting up an authenticator app, and —
/// with the pending-sign-in cookie and no session — a sign-in waiting for its second factor (or for the enrolment the
/// workspace requires).
/// </summary>
public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/two-factor").WithTags("Two-factor").AddEndpointFilter<OriginCheckFilter>();
        group.MapPost("/enable", Enable).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/verify-totp", VerifyTotp).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/verify-backup-code", VerifyBackupCode).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/disable", Disable).RequireAuthorization().RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/generate-backup-codes", GenerateBackupCodes).RequireAuthorization();
        group.MapGet("/status", Status).RequireAuthorization();

        var admin = app.MapGroup("/api/auth/admin").WithTags("Tenant administration")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));
        admin.MapPost("/reset-two-factor", ResetTwoFactor);
        admin.MapGet("/two-factor-requirement", GetRequirement);
        admin.MapPut("/two-factor-requirement", UpdateRequirement);
        return app;
    }

    private static async Task<IResult> Enable(TwoFactorPasswordRequest request, HttpContext context, IMediator mediator, ICurrentSession current)
    {
        var pending = PendingSignInCookie.Read(context.Request);
        if (pending is not null && !current.IsAuthenticated)
        {
            return await WithPendingCookieAsync(context, async () =>
            {
                var enrolment = await mediator.Send(new StartEnrolmentCommand(pending), context.RequestAborted);
                return TypedResults.Ok(new TwoFactorEnableResponse(enrolment.TotpUri, enrolment.BackupCodes));
            });
        }

        var setup = await mediator.Send(new EnableTwoFactorCommand(request.Password ?? ""), context.RequestAborted);
        return TypedResults.Ok(new TwoFactorEnableResponse(setup.TotpUri, setup.BackupCodes));
    }

    private static async Task<IResult> VerifyTotp(TwoFactorCodeRequest request, HttpContext context, IMediator mediator)
    {
        if (PendingSignInCookie.Read(context.Request) is { } pending)
        {
            return await CompleteSignInAsync(context, mediator, pending, SecondFactorProof.Totp, request.Code);
        }

        await mediator.Send(new ConfirmTwoFactorCommand(request.Code ?? ""), context.RequestAborted);
        return TypedResults.Ok(new FactorChangedResponse(true, await OtherSessions.CountAsync(mediator, context.RequestAborted)));
    }

    private static Task<IResult> VerifyBackupCode(TwoFactorCodeRequest request, HttpContext context, IMediator mediator) =>
        CompleteSignInAsync(context, mediator, PendingSignInCookie.Read(context.Request), SecondFactorProof.RecoveryCode, request.Code);

    private static async Task<Ok<FactorChangedResponse>> Disable(TwoFactorCodeRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new DisableTwoFactorCommand(request.Code ?? ""), context.RequestAborted);
        return TypedResults.Ok(new FactorChangedResponse(true, await OtherSessions.CountAsync(mediator, context.RequestAborted)));
    }

    private static async Task<Ok<BackupCodesResponse>> GenerateBackupCodes(HttpContext context, IMediator mediator)
    {
        var codes = await mediator.Send(new RegenerateRecoveryCodesCommand(), context.RequestAborted);
        return TypedResults.Ok(new BackupCodesResponse(true, codes, await OtherSessions.CountAsync(mediator, context.RequestAborted)));
    }

    private static async Task<Ok<TwoFactorStatusResponse>> Status(HttpContext context, IMediator mediator)
    {
        var status = await mediator.Send(new GetTwoFactorStatusQuery(), context.RequestAborted);
        return TypedResults.Ok(new TwoFactorStatusResponse(status.Enabled, status.RecoveryCodesLeft, status.Required));
    }

    private static async Task<Ok<SuccessResponse>> ResetTwoFactor(ResetTwoFactorRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new ResetMemberTwoFactorCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<TwoFactorRequirementResponse>> GetRequirement(HttpContext context, IMediator mediator)
    {
        var requirement = await mediator.Send(new GetTwoFactorRequirementQuery(), context.RequestAborted);
        return TypedResults.Ok(new TwoFactorRequirementResponse(Name(requirement)));
    }

    private static async Task<Ok<TwoFactorRequirementResponse>> UpdateRequirement(TwoFactorRequirementRequest request, HttpContext context, IMediator mediator)
    {
        var requirement = ParseRequirement(request.Requirement);
        var saved = await mediator.Send(new UpdateTwoFactorRequirementCommand(requirement), context.RequestAborted);
        return TypedResults.Ok(new TwoFactorRequirementResponse(Name(saved)));
    }

    public static string Name(TwoFactorRequirement requirement) => requirement.ToString().ToLowerInvariant();

    public static TwoFactorRequirement ParseRequirement(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "optional" => TwoFactorRequirement.Optional,
        "admins" => TwoFactorRequirement.Admins,
        "everyone" => TwoFactorRequirement.Everyone,
        _ => throw new ValidationException("requirement", "Choose optional, admins or everyone."),
    };

    private static async Task<IResult> CompleteSignInAsync(
        HttpContext context, IMediator mediator, string? pending, SecondFactorProof proof, string? code)
    {
        var command = new CompleteSignInCommand(pending, proof, code ?? "", AuthEndpoints.Client(context));
        return await WithPendingCookieAsync(context, async () =>
        {
            var issued = await mediator.Send(command, context.RequestAborted);
            PendingSignInCookie.Clear(context);
            return TypedResults.Ok(await AuthEndpoints.SignInAsync(context, issued));
        });
    }

    /// <summary>
    /// A pending sign-in that is gone (used, expired, thrown away after too many wrong codes) also loses its cookie. The
    /// problem is written here: the exception handler would drop the expiring Set-Cookie.
    /// </summary>
    private static async Task<IResult> WithPendingCookieAsync(HttpContext context, Func<Task<IResult>> send)
    {
        try
        {
            return await send();
        }
        catch (RefusalException e) when (e.Code == SecondFactorErrors.InvalidTwoFactorCookie)
        {
            PendingSignInCookie.Clear(context);
            return Problems.Result(ErrorStatus.Of(e), e.Code, e.Message);
        }
    }
}
