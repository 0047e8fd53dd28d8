using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Accounts.Commands.DeleteUser;
using TenantSessions.Application.Admin.Commands.RemoveUser;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>Better Auth's <c>delete-user</c> body. <c>callbackURL</c> is accepted and not used: there is no e-mailed confirmation step, the fresh session and the password are the confirmation.</summary>
public sealed record DeleteUserRequest(string? Password, string? CallbackURL);

public sealed record DeleteUserResponse(bool Success, string Message);

public sealed record RemoveUserRequest(string? UserId);

/// <summary>
/// Account deletion (ADR-022): Better Auth's <c>delete-user</c> for the person and the admin plugin's
/// <c>admin/remove-user</c> for an administrator. Both need a fresh session; the ended sessions' cookies are cleared
/// by the session handler when the caller's own session was among them.
/// </summary>
public static class AccountDeletionEndpoints
{
    public static void MapAccountDeletionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Account").AddEndpointFilter<OriginCheckFilter>().RequireAuthorization();
        group.MapPost("/delete-user", DeleteUser).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/admin/remove-user", RemoveUser)
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin, Roles.PlatformSuperadmin));
    }

    private static async Task<Ok<DeleteUserResponse>> DeleteUser(DeleteUserRequest? request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new DeleteUserCommand(request?.Password), context.RequestAborted);
        return TypedResults.Ok(new DeleteUserResponse(true, "User deleted"));
    }

    private static async Task<Ok<SuccessResponse>> RemoveUser(RemoveUserRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RemoveUserCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }
}
