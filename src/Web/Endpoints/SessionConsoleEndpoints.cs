using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Admin.Commands.EndWorkspaceSessions;
using TenantSessions.Application.Admin.Queries.ListWorkspaceSessions;
using TenantSessions.Application.Admin.Sessions;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// The session console under <c>/api/auth/admin/sessions</c>: a tenant admin lists every live session of their
/// workspace by member, role, country, device kind, sign-in method, age and last activity, and ends a selection or
/// every match in one command (ADR-025). Another workspace's sessions are never listed and never ended.
/// </summary>
public static class SessionConsoleEndpoints
{
    public static RouteGroupBuilder MapSessionConsoleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin").WithTags("Session console")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));

        group.MapGet("/sessions", List);
        group.MapPost("/sessions/end", End);
        return group;
    }

    /// <summary>
    /// Filters <c>userId</c>, <c>role</c> (member, admin), <c>country</c> (two letters), <c>deviceKind</c> (desktop,
    /// phone, tablet, unknown), <c>method</c>, <c>minAge</c>/<c>maxAge</c> (seconds since the session started),
    /// <c>minIdle</c>/<c>maxIdle</c> (seconds since it was last active); <c>sort</c> (lastActive, started, member,
    /// country, device, method) and <c>dir</c>; <c>offset</c> and <c>limit</c> (1–200, default 50).
    /// </summary>
    private static async Task<Ok<ConsoleSessionsResponse>> List(HttpContext context, IMediator mediator)
    {
        var query = context.Request.Query;
        var filter = SessionConsoleRequest.Filter(
            One(query, "userId"), One(query, "role"), One(query, "country"), One(query, "deviceKind"), One(query, "method"),
            Number(query, "minAge"), Number(query, "maxAge"), Number(query, "minIdle"), Number(query, "maxIdle"));
        var (sort, descending) = SessionConsoleRequest.Order(One(query, "sort"), One(query, "dir"));
        var page = await mediator.Send(
            new ListWorkspaceSessionsQuery(filter, sort, descending, (int)Math.Min(Number(query, "offset") ?? 0, int.MaxValue), (int)Math.Min(Number(query, "limit") ?? 50, int.MaxValue)),
            context.RequestAborted);
        return TypedResults.Ok(new ConsoleSessionsResponse(page.Sessions.Select(ConsoleSessionDto.From).ToArray(), page.Total, page.Offset, page.Limit));
    }

    /// <summary><c>{"sessionIds": [...]}</c> (at most 1,000) or <c>{"filter": {...}}</c> (every match, the list's filter names). Fresh session.</summary>
    private static async Task<Ok<ConsoleEndResponse>> End(EndSessionsRequest request, HttpContext context, IMediator mediator)
    {
        var ids = request.SessionIds?.Select(id => RequestValues.Id(id, "sessionIds")).ToList();
        var filter = request.Filter is { } f
            ? SessionConsoleRequest.Filter(f.UserId, f.Role, f.Country, f.DeviceKind, f.Method, f.MinAge, f.MaxAge, f.MinIdle, f.MaxIdle)
            : null;
        if ((ids is null) == (filter is null))
        {
            throw new ValidationException("sessionIds", "Give either sessionIds or a filter (all matches), not both.");
        }

        var result = await mediator.Send(new EndWorkspaceSessionsCommand(ids, filter), context.RequestAborted);
        return TypedResults.Ok(new ConsoleEndResponse(true, result.Count, result.SkippedCurrentSession));
    }

    private static string? One(IQueryCollection query, string name) => RequestValues.Single(query, name);

    private static long? Number(IQueryCollection query, string name) => RequestValues.WholeNumber(query, name);
}

/// <summary>The console's loosely typed inputs (query string, JSON, the page's form) turned into the Application's filter; anything unusable is a 400.</summary>
public static class SessionConsoleRequest
{
    public static WorkspaceSessionFilter Filter(
        string? userId, string? role, string? country, string? deviceKind, string? method, long? minAge, long? maxAge, long? minIdle, long? maxIdle)
    {
        string? roleName = null;
        if (!string.IsNullOrWhiteSpace(role))
        {
            roleName = ManagedUsers.ParseRole(role) ?? throw new ValidationException("role", "Choose the role member or admin.");
        }

        DeviceKind? kind = null;
        if (!string.IsNullOrWhiteSpace(deviceKind))
        {
            kind = Enum.TryParse<DeviceKind>(deviceKind.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(deviceKind.Trim()[0])
                ? parsed
                : throw new ValidationException("deviceKind", "Choose the device kind desktop, phone, tablet or unknown.");
        }

        return new WorkspaceSessionFilter(
            RequestValues.OptionalId(userId, "userId"),
            roleName,
            string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant(),
            kind,
            string.IsNullOrWhiteSpace(method) ? null : method.Trim(),
            RequestValues.Seconds(minAge, "minAge"),
            RequestValues.Seconds(maxAge, "maxAge"),
            RequestValues.Seconds(minIdle, "minIdle"),
            RequestValues.Seconds(maxIdle, "maxIdle"));
    }

    /// <summary>The order asked for; without <c>dir</c>, times run newest first and names A to Z.</summary>
    public static (WorkspaceSessionSort Sort, bool Descending) Order(string? sort, string? dir)
    {
        if (!SortOrder.TryParse<WorkspaceSessionSort>(sort, dir, out var column, out var descending))
        {
            throw new ValidationException("sort", "Sort by lastActive, started, member, country, device or method, with dir asc or desc.");
        }

        return string.IsNullOrEmpty(dir) ? (column, column is WorkspaceSessionSort.LastActive or WorkspaceSessionSort.Started) : (column, descending);
    }
}

public sealed record ConsoleSessionsResponse(IReadOnlyList<ConsoleSessionDto> Sessions, int Total, int Offset, int Limit);

public sealed record ConsolePersonDto(Guid Id, string Email, string Name);

/// <summary>One live session of the workspace. <c>id</c> is what <c>sessions/end</c> takes; the token never leaves its cookie.</summary>
public sealed record ConsoleSessionDto(
    Guid Id, Guid UserId, ConsolePersonDto User, string Role, string DeviceLabel, string DeviceKind, string? UserAgent, string? IpAddress,
    string? Location, string? CountryCode, string AuthenticationMethod, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
    bool Current, Guid? ImpersonatedBy)
{
    public static ConsoleSessionDto From(WorkspaceSession s) => new(
        s.Id, s.UserId, new ConsolePersonDto(s.UserId, s.Email, s.Name), s.IsAdmin ? "admin" : "member", s.DeviceLabel, s.DeviceKind.ToString().ToLowerInvariant(),
        s.UserAgent, s.IpAddress, s.Location?.Name, s.Location?.CountryCode, s.AuthenticationMethod, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IsCurrent, s.ImpersonatedBy);
}

public sealed record ConsoleFilterRequest(
    string? UserId, string? Role, string? Country, string? DeviceKind, string? Method, long? MinAge, long? MaxAge, long? MinIdle, long? MaxIdle);

public sealed record EndSessionsRequest(string[]? SessionIds, ConsoleFilterRequest? Filter);

public sealed record ConsoleEndResponse(bool Success, int RevokedSessions, bool SkippedCurrentSession);
