using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Commands.AcceptInvitation;
using TenantSessions.Application.Auth.Commands.RequestPasswordReset;
using TenantSessions.Application.Auth.Commands.ResetPassword;
using TenantSessions.Application.Auth.Commands.VerifyEmail;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

public sealed record RequestPasswordResetRequest(string? Email, string? RedirectTo);

public sealed record ResetPasswordRequest(string? NewPassword, string? Token);

public sealed record VerificationSentResponse(string? Token, object? User);

public sealed record SendVerificationEmailRequest(string? Email);

public sealed record VerifyEmailRequest(string? Token);

public sealed record AcceptInvitationRequest(string? Token, string? Name, string? Password);

/// <summary>Better Auth's password-reset routes (<c>request-password-reset</c>, <c>reset-password</c>).</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Account").AddEndpointFilter<OriginCheckFilter>();
        group.MapPost("/request-password-reset", RequestPasswordReset).RequireRateLimiting(AccountRateLimits.AccountEmail);
        group.MapPost("/reset-password", ResetPassword).RequireRateLimiting(AccountRateLimits.AccountEmail);
        group.MapGet("/reset-password/{token}", OpenResetLink).WithMetadata(new ReferrerPolicyAttribute(ReferrerPolicyAttribute.NoReferrer));
        group.MapPost("/send-verification-email", SendVerificationEmail).RequireRateLimiting(AccountRateLimits.AccountEmail);
        group.MapPost("/verify-email", VerifyEmail).RequireRateLimiting(AccountRateLimits.AccountEmail);
        group.MapPost("/accept-invitation", AcceptInvitation).RequireRateLimiting(AccountRateLimits.AccountEmail);
        return group;
    }

    private static async Task<Ok<StatusResponse>> RequestPasswordReset(RequestPasswordResetRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RequestPasswordResetCommand(request.Email ?? "", request.RedirectTo), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Ok<StatusResponse>> ResetPassword(ResetPasswordRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new ResetPasswordCommand(request.NewPassword ?? "", request.Token ?? ""), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Ok<StatusResponse>> SendVerificationEmail(SendVerificationEmailRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new SendVerificationEmailCommand(request.Email ?? ""), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Ok<SignInResponse>> VerifyEmail(VerifyEmailRequest request, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new VerifyEmailCommand(request.Token ?? "", AuthEndpoints.Client(context)), context.RequestAborted);
        return TypedResults.Ok(await SignedInAsync(context, issued));
    }

    private static async Task<Ok<SignInResponse>> AcceptInvitation(AcceptInvitationRequest request, HttpContext context, IMediator mediator)
    {
        var issued = await mediator.Send(new AcceptInvitationCommand(request.Token ?? "", request.Name ?? "", request.Password ?? "", AuthEndpoints.Client(context)), context.RequestAborted);
        return TypedResults.Ok(await SignedInAsync(context, issued));
    }

    private static async Task<SignInResponse> SignedInAsync(HttpContext context, Application.Sessions.IssuedSession issued)
    {
        await context.SignInAsync(issued);
        return new SignInResponse(false, issued.Session.Id, null, new SignedInUserDto(issued.User.Id, issued.User.Email ?? "", issued.User.DisplayName, issued.User.CreatedAt));
    }

    /// <summary>
    /// The e-mailed link. Changes nothing: checks the token and sends the browser to the callback page (a path of this
    /// site) with <c>?token=</c>, or with <c>?error=INVALID_TOKEN</c>. The page's answer is not cached and sends no referrer.
    /// </summary>
    private static async Task<RedirectHttpResult> OpenResetLink(string token, string? callbackURL, HttpContext context, IApplicationDbContext db, TimeProvider clock)
    {
        var callback = RequestPasswordResetHandler.SafeLocalPath(callbackURL) ?? "/reset-password";
        var separator = callback.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        try
        {
            await db.FindUsableAsync(AccountTokenPurpose.PasswordReset, token, clock.GetUtcNow(), context.RequestAborted);
        }
        catch (Application.Common.Exceptions.RefusalException)
        {
            return TypedResults.Redirect($"{callback}{separator}error=INVALID_TOKEN");
        }

        return TypedResults.Redirect($"{callback}{separator}token={Uri.EscapeDataString(token)}");
    }
}
