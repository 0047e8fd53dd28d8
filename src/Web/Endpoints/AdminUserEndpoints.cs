using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSessions.Application.Admin.Commands.CreateUser;
using TenantSessions.Application.Admin.Commands.ImpersonateUser;
using TenantSessions.Application.Admin.Commands.UpdateImpersonationPolicy;
using TenantSessions.Application.Admin.Commands.SetUserPassword;
using TenantSessions.Application.Admin.Commands.SetUserRole;
using TenantSessions.Application.Admin.Commands.UpdateUser;
using TenantSessions.Application.Admin.Queries.GetUser;
using TenantSessions.Application.Admin.Queries.HasPermission;
using TenantSessions.Application.Admin.Queries.ListUsers;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>Better Auth's admin <c>User</c>: its fields, plus the workspace the person belongs to.</summary>
public sealed record AdminUserDto(
    Guid Id,
    string Email,
    string Name,
    bool EmailVerified,
    string? Image,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Role,
    bool Banned,
    string? BanReason,
    DateTimeOffset? BanExpires,
    TenantRefDto? Tenant)
{
    public static AdminUserDto From(ManagedUser u) => new(
        u.Id, u.Email, u.Name, u.EmailVerified, null, u.CreatedAt, u.CreatedAt, string.Join(',', u.Roles), u.Banned, null, null,
        u.TenantId is { } id ? new TenantRefDto(id, u.TenantSlug ?? "", u.TenantName ?? "") : null);
}

public sealed record AdminUserResponse(AdminUserDto User);

public sealed record AdminUsersResponse(IReadOnlyList<AdminUserDto> Users, int Total, int? Limit, int? Offset);

public sealed record HasPermissionResponse(string? Error, bool Success);

public sealed record SetRoleRequest(string? UserId, JsonElement Role);

public sealed record SetUserPasswordRequest(string? UserId, string? NewPassword);

public sealed record AdminUpdateUserRequest(string? UserId, JsonElement Data);

public sealed record CreateUserRequest(string? Email, string? Password, string? Name, JsonElement Role, JsonElement Data);

public sealed record HasPermissionRequest(JsonElement Permissions, JsonElement Permission);

public sealed record ImpersonateUserRequest(string? UserId, string? Reason);

/// <summary>Better Auth's session, with <c>impersonatedBy</c> (the admin plugin's field) and <c>token</c> = the id (the secret stays in the cookie).</summary>
public sealed record AdminSessionDto(Guid Id, Guid Token, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, Guid? ImpersonatedBy)
{
    public static AdminSessionDto From(Domain.Sessions.Session s) => new(s.Id, s.Id, s.UserId, s.CreatedAt, s.UpdatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.ImpersonatedBy);
}

public sealed record ImpersonationResponse(AdminSessionDto Session, SignedInUserDto User);

public sealed record ImpersonationPolicyDto(bool AdminsMayImpersonate, bool NotifyImpersonatedPeople);

/// <summary>
/// The rest of Better Auth's admin plugin under <c>/api/auth/admin</c>, with its routes, bodies and answers, so that
/// <c>adminClient()</c> works unchanged: people are managed by a tenant admin in their workspace (another workspace's
/// id is a 404) or by a superadmin on the platform host (everyone). Changes need a fresh session.
/// </summary>
public static class AdminUserEndpoints
{
    private static readonly string[] UpdatableKeys = ["name", "role"];

    public static RouteGroupBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin").WithTags("Administration of people")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization();

        var admins = group.MapGroup("").RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin, Roles.PlatformSuperadmin));
        admins.MapPost("/create-user", CreateUser);
        admins.MapGet("/list-users", ListUsers);
        admins.MapGet("/get-user", GetUser);
        admins.MapPost("/update-user", UpdateUser);
        admins.MapPost("/set-role", SetRole);
        admins.MapPost("/set-user-password", SetUserPassword);
        admins.MapPost("/impersonate-user", ImpersonateUser);
        group.MapPost("/stop-impersonating", StopImpersonating);
        group.MapPost("/has-permission", HasPermission);
        var tenantAdmins = group.MapGroup("").RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));
        tenantAdmins.MapGet("/impersonation-policy", GetImpersonationPolicy);
        tenantAdmins.MapPut("/impersonation-policy", UpdateImpersonationPolicy);
        return group;
    }

    private static async Task<Ok<AdminUserResponse>> CreateUser(CreateUserRequest request, HttpContext context, IMediator mediator)
    {
        var data = Object(request.Data, "data");
        var role = OneRole(request.Role, "role") ?? (data.TryGetValue("role", out var dataRole) ? OneRole(dataRole, "data.role") : null);
        var unsupported = data.Keys.Where(k => k is not ("role" or "tenantId")).ToList();
        if (unsupported.Count > 0)
        {
            throw new ValidationException("data", $"These fields cannot be set here: {string.Join(", ", unsupported)}.");
        }

        Guid? tenantId = data.TryGetValue("tenantId", out var tenant) ? RequestValues.Id(tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null, "data.tenantId") : null;
        var created = await mediator.Send(new CreateUserCommand(request.Email ?? "", request.Password, request.Name ?? "", role, tenantId), context.RequestAborted);
        return TypedResults.Ok(new AdminUserResponse(AdminUserDto.From(created)));
    }

    private static async Task<Ok<AdminUsersResponse>> ListUsers(HttpRequest request, HttpContext context, IMediator mediator)
    {
        var q = request.Query;
        var query = new ListUsersQuery(
            q["searchValue"].FirstOrDefault(),
            q["searchField"].FirstOrDefault(),
            q["searchOperator"].FirstOrDefault(),
            RequestValues.WholeNumber(q["limit"].FirstOrDefault(), "limit"),
            RequestValues.WholeNumber(q["offset"].FirstOrDefault(), "offset"),
            q["sortBy"].FirstOrDefault(),
            q["sortDirection"].FirstOrDefault(),
            q["filterField"].FirstOrDefault(),
            q["filterValue"].FirstOrDefault(),
            q["filterOperator"].FirstOrDefault());
        var page = await mediator.Send(query, context.RequestAborted);
        return TypedResults.Ok(new AdminUsersResponse(page.Users.Select(AdminUserDto.From).ToArray(), page.Total, page.Limit, page.Offset));
    }

    /// <summary>Better Auth answers the user itself here, not <c>{user}</c>.</summary>
    private static async Task<Ok<AdminUserDto>> GetUser(string? id, HttpContext context, IMediator mediator)
    {
        var user = await mediator.Send(new GetUserQuery(RequestValues.Id(id, "id")), context.RequestAborted);
        return TypedResults.Ok(AdminUserDto.From(user));
    }

    /// <summary>Better Auth answers the user itself here, not <c>{user}</c>.</summary>
    private static async Task<Ok<AdminUserDto>> UpdateUser(AdminUpdateUserRequest request, HttpContext context, IMediator mediator)
    {
        var userId = RequestValues.Id(request.UserId, "userId");
        var data = Object(request.Data, "data");
        var refused = data.Keys.Where(k => !UpdatableKeys.Contains(k)).ToList();
        if (refused.Count > 0)
        {
            throw new ValidationException("data", $"Only name and role can be updated here ({string.Join(", ", refused)}: use set-user-password, ban-user or the person's own change-email).");
        }

        string? name = null;
        if (data.TryGetValue("name", out var nameValue))
        {
            name = nameValue.ValueKind == JsonValueKind.String ? nameValue.GetString() : throw new ValidationException("name", "The name is text.");
        }

        var role = data.TryGetValue("role", out var roleValue) ? OneRole(roleValue, "role") : null;
        var user = await mediator.Send(new UpdateUserCommand(userId, name, role), context.RequestAborted);
        return TypedResults.Ok(AdminUserDto.From(user));
    }

    private static async Task<Ok<AdminUserResponse>> SetRole(SetRoleRequest request, HttpContext context, IMediator mediator)
    {
        var userId = RequestValues.Id(request.UserId, "userId");
        var role = OneRole(request.Role, "role") ?? throw new ValidationException("role", ManagedUsers.RoleMessage);
        var user = await mediator.Send(new SetUserRoleCommand(userId, role), context.RequestAborted);
        return TypedResults.Ok(new AdminUserResponse(AdminUserDto.From(user)));
    }

    private static async Task<Ok<StatusResponse>> SetUserPassword(SetUserPasswordRequest request, HttpContext context, IMediator mediator)
    {
        var userId = RequestValues.Id(request.UserId, "userId");
        await mediator.Send(new SetUserPasswordCommand(userId, request.NewPassword ?? ""), context.RequestAborted);
        return TypedResults.Ok(new StatusResponse(true));
    }

    /// <summary>
    /// Starts acting as the person (<c>{userId, reason}</c>): the administrator's own token is kept aside, encrypted, and
    /// the impersonation session is signed in on this browser.
    /// </summary>
    private static async Task<Ok<ImpersonationResponse>> ImpersonateUser(ImpersonateUserRequest request, HttpContext context, IMediator mediator, TimeProvider clock)
    {
        var userId = RequestValues.Id(request.UserId, "userId");
        var issued = await mediator.Send(new ImpersonateUserCommand(userId, request.Reason ?? "", AuthEndpoints.Client(context)), context.RequestAborted);
        await context.StartImpersonationAsync(issued, clock.GetUtcNow());
        return TypedResults.Ok(new ImpersonationResponse(AdminSessionDto.From(issued.Session), new SignedInUserDto(issued.User.Id, issued.User.Email ?? "", issued.User.DisplayName, issued.User.CreatedAt)));
    }

    /// <summary>Ends the impersonation and signs the administrator's own session in again, as it was; without it (ended meanwhile) the browser is signed out.</summary>
    private static async Task<IResult> StopImpersonating(HttpContext context, IMediator mediator)
    {
        var admin = await mediator.Send(new StopImpersonatingCommand(context.ImpersonatorToken()), context.RequestAborted);
        await context.StopImpersonationAsync(admin);
        return admin is null
            ? TypedResults.Ok(new { session = (object?)null, user = (object?)null })
            : TypedResults.Ok(new ImpersonationResponse(AdminSessionDto.From(admin.Session), new SignedInUserDto(admin.User.Id, admin.User.Email ?? "", admin.User.DisplayName, admin.User.CreatedAt)));
    }

    private static async Task<Ok<ImpersonationPolicyDto>> GetImpersonationPolicy(HttpContext context, IMediator mediator)
    {
        var policy = await mediator.Send(new GetImpersonationPolicyQuery(), context.RequestAborted);
        return TypedResults.Ok(new ImpersonationPolicyDto(policy.AdminsMayImpersonate, policy.NotifyImpersonatedPeople));
    }

    private static async Task<Ok<ImpersonationPolicyDto>> UpdateImpersonationPolicy(ImpersonationPolicyDto request, HttpContext context, IMediator mediator)
    {
        var policy = await mediator.Send(new UpdateImpersonationPolicyCommand(request.AdminsMayImpersonate, request.NotifyImpersonatedPeople), context.RequestAborted);
        return TypedResults.Ok(new ImpersonationPolicyDto(policy.AdminsMayImpersonate, policy.NotifyImpersonatedPeople));
    }

    private static async Task<Ok<HasPermissionResponse>> HasPermission(HasPermissionRequest request, HttpContext context, IMediator mediator)
    {
        var source = request.Permissions.ValueKind == JsonValueKind.Object ? request.Permissions : request.Permission;
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("permissions", "Name the permissions to check, e.g. {\"user\": [\"list\"]}.");
        }

        var permissions = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in source.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            {
                throw new ValidationException("permissions", $"{property.Name} must be a list of actions.");
            }

            permissions[property.Name] = property.Value.EnumerateArray().Select(a => a.GetString()!).ToArray();
        }

        var allowed = await mediator.Send(new HasPermissionQuery(permissions), context.RequestAborted);
        return TypedResults.Ok(new HasPermissionResponse(null, allowed));
    }

    private static Dictionary<string, JsonElement> Object(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => [],
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        _ => throw new ValidationException(field, $"{field} must be an object."),
    };

    /// <summary>A role as Better Auth sends it: a string, or a list of one (a person has one role here).</summary>
    private static string? OneRole(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array when value.GetArrayLength() == 1 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
        _ => throw new ValidationException(field, "Give one role: Member (or user) or TenantAdmin (or admin)."),
    };
}
