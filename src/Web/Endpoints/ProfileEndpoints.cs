using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Accounts.Commands.ChangeEmail;
using TenantSessions.Application.Accounts.Commands.UpdateProfile;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>Better Auth's <c>change-email</c> body.</summary>
public sealed record ChangeEmailRequest(string? NewEmail, string? CallbackURL);

/// <summary>Better Auth's <c>update-user</c> body: <c>name</c> here; <c>email</c> is refused as Better Auth refuses it.</summary>
public sealed record UpdateOwnUserRequest(string? Name, string? Image, string? Email);

/// <summary>
/// The person's own profile (ADR-030): Better Auth's <c>change-email</c> (a fresh session; answers <c>{ status: true }</c>
/// whether or not the address is taken) and <c>update-user</c> (the name).
/// </summary>
public static class ProfileEndpoints
{
    public const string EmailCanNotBeUpdated = "EMAIL_CAN_NOT_BE_UPDATED";

    public static void MapProfileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Account").AddEndpointFilter<OriginCheckFilter>().RequireAuthorization();
        group.MapPost("/change-email", ChangeEmail).RequireRateLimiting(AccountRateLimits.AccountEmail);
        group.MapPost("/update-user", UpdateUser);
    }

    private static async Task<Ok<StatusResponse>> ChangeEmail(ChangeEmailRequest? request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RequestEmailChangeCommand(request?.NewEmail ?? "", request?.CallbackURL), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Ok<StatusResponse>> UpdateUser(UpdateOwnUserRequest? request, HttpContext context, IMediator mediator)
    {
        if (request?.Email is not null)
        {
            throw new RefusalException(EmailCanNotBeUpdated, "The e-mail address cannot be updated here: use change-email.");
        }

        if (request?.Name is null)
        {
            throw new RefusalException(ErrorCodes.BadRequest, request?.Image is null ? "No fields to update." : "Profile images are not kept here: send a name.");
        }

        await mediator.Send(new UpdateProfileCommand(request.Name), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }
}
