using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Admin.Commands.BanMember;
using TenantSessions.Application.Admin.Commands.LiftMemberLockout;
using TenantSessions.Application.Admin.Commands.RenameWorkspace;
using TenantSessions.Application.Admin.Commands.RevokeMemberSession;
using TenantSessions.Application.Admin.Commands.RevokeMemberSessions;
using TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;
using TenantSessions.Application.Admin.Queries.GetTenantSessionPolicy;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Application.Admin.Queries.ListMemberSessions;
using TenantSessions.Application.Admin.Queries.PreviewTenantSessionPolicy;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// Tenant administration under <c>/api/auth/admin</c> (Better Auth's admin routes where they overlap): a member's
/// sessions, revoking them, the member list and the tenant's session policy. Everything is scoped to the tenant of
/// the host: an id from another tenant is a 404.
/// </summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin").WithTags("Tenant administration")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));

        group.MapPost("/list-user-sessions", ListUserSessions);
        group.MapPost("/revoke-user-session", RevokeUserSession);
        group.MapPost("/revoke-user-sessions", RevokeUserSessions);
        group.MapPost("/ban-user", BanUser);
        group.MapPost("/unban-user", UnbanUser);
        group.MapPost("/unlock-user", UnlockUser);
        group.MapGet("/members", ListMembers);
        group.MapGet("/session-policy", GetSessionPolicy);
        group.MapPut("/session-policy", UpdateSessionPolicy);
        group.MapPost("/session-policy/preview", PreviewSessionPolicy);
        group.MapPatch("/workspace", RenameWorkspace);
        return group;
    }

    private static async Task<Ok<SessionsResponse>> ListUserSessions(ListUserSessionsRequest request, HttpContext context, IMediator mediator, IGeoLocator geo)
    {
        var member = await mediator.Send(new ListMemberSessionsQuery(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SessionsResponse(SessionListItem.From(member.Sessions, geo)));
    }

    private static async Task<Ok<SuccessResponse>> RevokeUserSession(RevokeUserSessionRequest request, HttpContext context, IMediator mediator)
    {
        var command = new RevokeMemberSessionCommand(RequestValues.Id(request.SessionToken, "sessionToken"), RequestValues.OptionalId(request.UserId, "userId"));
        var result = await mediator.Send(command, context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<SuccessResponse>> RevokeUserSessions(RevokeUserSessionsRequest request, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new RevokeMemberSessionsCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<SuccessResponse>> BanUser(BanUserRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new BanMemberCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<SuccessResponse>> UnbanUser(BanUserRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new UnbanMemberCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    /// <summary>Lifts a lockout after failed passwords or codes; <c>lifted</c> says whether there was one.</summary>
    private static async Task<Ok<UnlockUserResponse>> UnlockUser(BanUserRequest request, HttpContext context, IMediator mediator)
    {
        var lifted = await mediator.Send(new LiftMemberLockoutCommand(RequestValues.Id(request.UserId, "userId")), context.RequestAborted);
        return TypedResults.Ok(new UnlockUserResponse(true, lifted));
    }

    /// <summary>The members, filtered by <c>q</c> (name or e-mail) and ordered by <c>sort</c> (name, email, role, sessions, lastActive) and <c>dir</c> (asc, desc).</summary>
    private static async Task<Ok<MembersResponse>> ListMembers(string? q, string? sort, string? dir, HttpContext context, IMediator mediator)
    {
        if (!SortOrder.TryParse<MemberSort>(sort, dir, out var column, out var descending))
        {
            throw new ValidationException("sort", "Sort by name, email, role, sessions or lastActive, with dir asc or desc.");
        }

        var members = await mediator.Send(new ListMembersQuery(q, column, descending), context.RequestAborted);
        return TypedResults.Ok(new MembersResponse(members
            .Select(m => new MemberDto(m.Id, m.Email, m.Name, string.Join(',', m.Roles), m.Roles, m.LiveSessions, m.LastActiveAt, m.IsLockedOut || m.IsBanned, m.CreatedAt, m.IsBanned, m.Lockout?.Until))
            .ToArray()));
    }

    private static async Task<Ok<SessionPolicyResponse>> GetSessionPolicy(HttpContext context, IMediator mediator)
    {
        return TypedResults.Ok(ToResponse(await mediator.Send(new GetTenantSessionPolicyQuery(), context.RequestAborted)));
    }

    private static async Task<Ok<SessionPolicyResponse>> UpdateSessionPolicy(UpdateSessionPolicyRequest request, HttpContext context, IMediator mediator)
    {
        var view = await mediator.Send(ToCommand(request), context.RequestAborted);
        return TypedResults.Ok(ToResponse(view) with { Applied = view.Applied });
    }

    /// <summary>The admin renames their own workspace (<c>{"name": "…"}</c>); the slug never changes.</summary>
    private static async Task<Ok<SuccessResponse>> RenameWorkspace(RenameTenantRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RenameWorkspaceCommand(request.Name ?? ""), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    /// <summary>What saving this policy would do to the sessions live now (it changes nothing).</summary>
    private static async Task<Ok<SessionPolicyImpact>> PreviewSessionPolicy(UpdateSessionPolicyRequest request, HttpContext context, IMediator mediator)
    {
        return TypedResults.Ok(await mediator.Send(new PreviewTenantSessionPolicyQuery(ToCommand(request)), context.RequestAborted));
    }

    private static UpdateTenantSessionPolicyCommand ToCommand(UpdateSessionPolicyRequest request)
    {
        return new UpdateTenantSessionPolicyCommand(
            RequestValues.Seconds(request.ExpiresIn, "expiresIn"),
            RequestValues.Seconds(request.UpdateAge, "updateAge"),
            RequestValues.Seconds(request.FreshAge, "freshAge"),
            RequestValues.Seconds(request.AbsoluteLifetime, "absoluteLifetime"),
            request.MaxConcurrentSessions,
            request.ConcurrentSessionAction ?? ConcurrentSessionAction.EndOldest,
            RequestValues.Seconds(request.IdleTimeout, "idleTimeout"));
    }

    private static SessionPolicyResponse ToResponse(SessionPolicyView view) => new(Values(view.Tenant), Values(view.Defaults), Values(view.Effective));

    private static SessionPolicyValuesDto Values(SessionPolicyValues v) => new(
        RequestValues.Seconds(v.ExpiresIn),
        RequestValues.Seconds(v.UpdateAge),
        RequestValues.Seconds(v.FreshAge),
        RequestValues.Seconds(v.AbsoluteLifetime),
        v.MaxConcurrentSessions,
        v.ConcurrentSessionAction,
        RequestValues.Seconds(v.IdleTimeout));
}
