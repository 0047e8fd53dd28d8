using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Platform.Commands.ReactivateTenant;
using TenantSessions.Application.Platform.Commands.RenameTenant;
using TenantSessions.Application.Platform.Commands.RevokeTenantSessions;
using TenantSessions.Application.Platform.Commands.RevokeUserSession;
using TenantSessions.Application.Platform.Commands.RevokeUserSessions;
using TenantSessions.Application.Platform.Commands.SuspendTenant;
using TenantSessions.Application.Platform.Queries.ListPlatformUsers;
using TenantSessions.Application.Platform.Queries.ListTenants;
using TenantSessions.Application.Platform.Queries.ListUserSessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Pages.Shared;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Endpoints;

public sealed record CreateWorkspaceRequest(string? Slug, string? Name, string? AdminEmail);

public sealed record CreatedWorkspaceResponse(Guid Id, string Slug, string Name, Guid InvitationId);

/// <summary>
/// Superadmin work under <c>/api/platform</c>, served on the platform host only: on a tenant's host these routes do
/// not exist (404, before any authentication).
/// </summary>
public static class PlatformEndpoints
{
    public static RouteGroupBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var baseDomain = app.ServiceProvider.GetRequiredService<IOptions<TenancyOptions>>().Value.BaseDomain;
        var group = app.MapGroup("/api/platform").WithTags("Platform")
            .RequireHost(baseDomain, $"{baseDomain}:*")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.PlatformSuperadmin));

        group.MapGet("/tenants", ListTenants);
        group.MapPatch("/tenants/{id:guid}", RenameTenant);
        group.MapPost("/tenants", CreateTenant);
        group.MapPost("/tenants/{id:guid}/suspend", SuspendTenant);
        group.MapPost("/tenants/{id:guid}/reactivate", ReactivateTenant);
        group.MapPost("/tenants/{id:guid}/revoke-sessions", RevokeTenantSessions);
        group.MapGet("/tenants/{id:guid}/sso-connections", ListSsoConnections);
        group.MapPost("/tenants/{id:guid}/sso-connections/{connectionId:guid}/approve-domain", ApproveSsoDomain);
        group.MapGet("/users", ListUsers);
        group.MapGet("/users/{id:guid}/sessions", ListUserSessions);
        group.MapPost("/users/{id:guid}/revoke-sessions", RevokeUserSessions);
        group.MapPost("/users/{id:guid}/sessions/{sessionId:guid}/revoke", RevokeUserSession);
        return group;
    }

    private static async Task<Ok<CreatedWorkspaceResponse>> CreateTenant(CreateWorkspaceRequest request, HttpContext context, IMediator mediator)
    {
        var created = await mediator.Send(new Application.Platform.Commands.CreateWorkspace.CreateWorkspaceCommand(request.Slug ?? "", request.Name ?? "", request.AdminEmail ?? ""), context.RequestAborted);
        return TypedResults.Ok(new CreatedWorkspaceResponse(created.Id, created.Slug, created.Name, created.InvitationId));
    }

    /// <summary>
    /// One page of the tenants, filtered by <c>q</c> (name or address label), ordered by <c>sort</c> (name, created,
    /// members, sessions, status) and <c>dir</c> (asc, desc), <c>limit</c> (1–200, default 50) from <c>offset</c>; with the
    /// total that match.
    /// </summary>
    private static async Task<Ok<TenantsResponse>> ListTenants(string? q, string? sort, string? dir, string? limit, string? offset, HttpContext context, IMediator mediator)
    {
        if (!SortOrder.TryParse<TenantSort>(sort, dir, out var column, out var descending))
        {
            throw new ValidationException("sort", "Sort by name, created, members, sessions or status, with dir asc or desc.");
        }

        var size = RequestValues.WholeNumber(limit, "limit") ?? ListTenantsQuery.DefaultLimit;
        var from = RequestValues.WholeNumber(offset, "offset") ?? 0;
        var page = await mediator.Send(new ListTenantsQuery(q, column, descending, from, size), context.RequestAborted);
        return TypedResults.Ok(new TenantsResponse(
            page.Tenants
                .Select(t => new PlatformTenantDto(t.Id, t.Slug, t.Name, GetSessionResponse.StatusName(t.Status), t.SuspensionReason, t.SuspendedAt, t.CreatedAt, t.Members, t.LiveSessions,
                    t.SuspendedBy is { } by ? new SuspendedByDto(by, t.SuspendedByName ?? "") : null))
                .ToArray(),
            page.Total,
            page.Limit,
            page.Offset));
    }

    /// <summary>Renames a workspace (<c>{"name": "…"}</c>); the slug never changes.</summary>
    private static async Task<Ok<SuccessResponse>> RenameTenant(Guid id, RenameTenantRequest request, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new RenameTenantCommand(id, request.Name ?? ""), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<RevokedResponse>> SuspendTenant(Guid id, SuspendTenantRequest request, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new SuspendTenantCommand(id, request.Reason ?? ""), context.RequestAborted);
        return TypedResults.Ok(new RevokedResponse(true, result.Count));
    }

    private static async Task<Ok<SuccessResponse>> ReactivateTenant(Guid id, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new ReactivateTenantCommand(id), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    private static async Task<Ok<RevokedResponse>> RevokeTenantSessions(Guid id, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new RevokeTenantSessionsCommand(id), context.RequestAborted);
        return TypedResults.Ok(new RevokedResponse(true, result.Count));
    }

    /// <summary>A workspace's SSO connections with their domains' state and the other workspaces that verified one of them.</summary>
    private static async Task<Ok<IReadOnlyList<Application.Sso.Commands.ApproveSsoDomain.PlatformSsoConnection>>> ListSsoConnections(Guid id, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new Application.Sso.Commands.ApproveSsoDomain.ListWorkspaceSsoConnectionsQuery(id), context.RequestAborted));

    /// <summary>Marks the connection's domains verified without DNS (fresh session, audited); another workspace's connection is a 404.</summary>
    private static async Task<Ok<Application.Sso.Commands.ApproveSsoDomain.PlatformSsoConnection>> ApproveSsoDomain(Guid id, Guid connectionId, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new Application.Sso.Commands.ApproveSsoDomain.ApproveSsoDomainCommand(id, connectionId), context.RequestAborted));

    private static async Task<Ok<PlatformUsersResponse>> ListUsers(Guid? tenantId, string? search, int? limit, HttpContext context, IMediator mediator)
    {
        var users = await mediator.Send(new ListPlatformUsersQuery(tenantId, search, limit ?? 100), context.RequestAborted);
        return TypedResults.Ok(new PlatformUsersResponse(users
            .Select(u => new PlatformUserDto(
                u.Id, u.Email, u.Name, string.Join(',', u.Roles),
                u.TenantId is { } tid ? new TenantRefDto(tid, u.TenantSlug ?? "", u.TenantName ?? "") : null,
                u.LiveSessions, u.LastActiveAt))
            .ToArray()));
    }

    private static async Task<Ok<PlatformUserSessionsResponse>> ListUserSessions(Guid id, HttpContext context, IMediator mediator, IGeoLocator geo)
    {
        var user = await mediator.Send(new ListUserSessionsQuery(id), context.RequestAborted);
        var dto = new PlatformUserDto(
            user.UserId, user.Email, user.Name, string.Join(',', user.Roles),
            user.TenantId is { } tid ? new TenantRefDto(tid, user.TenantSlug ?? "", user.TenantName ?? "") : null,
            user.Sessions.Count, user.Sessions.Count == 0 ? null : user.Sessions.Max(s => s.LastSeenAt));
        return TypedResults.Ok(new PlatformUserSessionsResponse(dto, SessionListItem.From(user.Sessions, geo)));
    }

    private static async Task<Ok<RevokedResponse>> RevokeUserSession(Guid id, Guid sessionId, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new RevokeUserSessionCommand(id, sessionId), context.RequestAborted);
        return TypedResults.Ok(new RevokedResponse(true, result.Count));
    }

    private static async Task<Ok<RevokedResponse>> RevokeUserSessions(Guid id, HttpContext context, IMediator mediator)
    {
        var result = await mediator.Send(new RevokeUserSessionsCommand(id), context.RequestAborted);
        return TypedResults.Ok(new RevokedResponse(true, result.Count));
    }
}
