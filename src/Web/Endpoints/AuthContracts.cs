using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;

namespace TenantSessions.Web.Endpoints;

public sealed record SignUpRequest(string? Name, string? Email, string? Password);

public sealed record SignInRequest(string? Email, string? Password, bool? RememberMe);

public sealed record TenantDto(Guid Id, string Slug, string Name, string Status);

public sealed record UserDto(Guid Id, string Email, string Name, string Role, TenantDto? Tenant);

public sealed record SessionDto(Guid Id, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent);

public sealed record GetSessionResponse(SessionDto Session, UserDto User)
{
    public static GetSessionResponse From(SessionPayload p) => new(
        new SessionDto(p.SessionId, p.UserId, p.CreatedAt, p.UpdatedAt, p.ExpiresAt, p.IpAddress, p.UserAgent),
        new UserDto(
            p.UserId,
            p.Email,
            p.Name,
            string.Join(',', p.Roles),
            p.TenantId is { } id ? new TenantDto(id, p.TenantSlug ?? "", p.TenantName ?? "", StatusName(p.TenantStatus ?? TenantStatus.Active)) : null));

    public static string StatusName(TenantStatus status) => status switch
    {
        TenantStatus.Active => "active",
        TenantStatus.Suspended => "suspended",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Better Auth's sign-in/sign-up shape. <c>token</c> carries the session id: the secret stays in the cookie.</summary>
public sealed record SignInResponse(bool Redirect, Guid Token, string? Url, SignedInUserDto User);

public sealed record SignedInUserDto(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);

public sealed record StatusResponse(bool Status);

public sealed record SuccessResponse(bool Success);
