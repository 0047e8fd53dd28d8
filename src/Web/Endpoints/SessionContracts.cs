using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// One session in Better Auth's list shape, with our extra fields. <c>token</c> carries the session <b>id</b>
/// (what revoke-session accepts): the secret token never leaves the cookie.
/// </summary>
public sealed record SessionListItem(
    Guid Id,
    string Token,
    Guid UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    string DeviceLabel,
    DateTimeOffset LastSeenAt,
    bool Current,
    string AuthenticationMethod,
    string? Location,
    string? CountryCode,
    Guid? ImpersonatedBy = null)
{
    /// <param name="geo">Where the session's IP address is (a country, "Local network", or null when unknown).</param>
    public static SessionListItem From(SessionSummary s, IGeoLocator geo)
    {
        var location = geo.Locate(s.IpAddress);
        return new(s.Id, s.Id.ToString(), s.UserId, s.CreatedAt, s.UpdatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.DeviceLabel, s.LastSeenAt, s.IsCurrent, s.AuthenticationMethod,
            location?.Name, location?.CountryCode, s.ImpersonatedBy);
    }

    public static SessionListItem[] From(IEnumerable<SessionSummary> sessions, IGeoLocator geo) => sessions.Select(s => From(s, geo)).ToArray();
}

public sealed record RevokeSessionRequest(string? Token);

public sealed record ReauthenticateRequest(string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, bool? RevokeOtherSessions);

/// <summary>Better Auth's change-password shape; <c>token</c> is the (unchanged) session id, never the new secret.</summary>
public sealed record ChangePasswordResponse(Guid Token, SignedInUserDto User);

public sealed record ListUserSessionsRequest(string? UserId);

public sealed record RevokeUserSessionRequest(string? SessionToken, string? UserId);

public sealed record RevokeUserSessionsRequest(string? UserId);

public sealed record BanUserRequest(string? UserId);

public sealed record UnlockUserResponse(bool Success, bool Lifted);

public sealed record SessionsResponse(SessionListItem[] Sessions);

public sealed record MemberDto(
    Guid Id,
    string Email,
    string Name,
    string Role,
    IReadOnlyList<string> Roles,
    int LiveSessions,
    DateTimeOffset? LastActiveAt,
    bool LockedOut,
    DateTimeOffset CreatedAt,
    bool Banned = false,
    DateTimeOffset? LockedUntil = null);

public sealed record MembersResponse(MemberDto[] Members);

/// <summary>
/// Durations in seconds, as Better Auth configures them; null = the platform default (or, for <c>maxConcurrentSessions</c>,
/// no limit; for <c>idleTimeout</c> in the defaults and the effective values, no idle limit).
/// </summary>
public sealed record SessionPolicyValuesDto(
    long? ExpiresIn,
    long? UpdateAge,
    long? FreshAge,
    long? AbsoluteLifetime,
    int? MaxConcurrentSessions,
    Domain.Tenants.ConcurrentSessionAction ConcurrentSessionAction,
    long? IdleTimeout);

public sealed record SessionPolicyResponse(
    SessionPolicyValuesDto Tenant,
    SessionPolicyValuesDto Defaults,
    SessionPolicyValuesDto Effective,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Application.Admin.Commands.UpdateTenantSessionPolicy.SessionPolicyImpact? Applied = null);

/// <summary>The whole policy (PUT semantics): durations in seconds, null or absent = the platform default.</summary>
public sealed record UpdateSessionPolicyRequest(
    long? ExpiresIn,
    long? UpdateAge,
    long? FreshAge,
    long? AbsoluteLifetime,
    int? MaxConcurrentSessions,
    Domain.Tenants.ConcurrentSessionAction? ConcurrentSessionAction,
    long? IdleTimeout = null);

public sealed record RevokedResponse(bool Success, int RevokedSessions);

public sealed record SuspendTenantRequest(string? Reason);

public sealed record RenameTenantRequest(string? Name);

public sealed record PlatformTenantDto(
    Guid Id,
    string Slug,
    string Name,
    string Status,
    string? SuspensionReason,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset CreatedAt,
    int Members,
    int LiveSessions,
    SuspendedByDto? SuspendedBy = null);

/// <summary>The superadmin who suspended a workspace.</summary>
public sealed record SuspendedByDto(Guid Id, string Name);

/// <summary>One page of the workspaces: <see cref="Total"/> match in all; this page starts at <see cref="Offset"/>.</summary>
public sealed record TenantsResponse(PlatformTenantDto[] Tenants, int Total, int Limit, int Offset);

public sealed record PlatformUserDto(
    Guid Id,
    string Email,
    string Name,
    string Role,
    TenantRefDto? Tenant,
    int LiveSessions,
    DateTimeOffset? LastActiveAt);

public sealed record TenantRefDto(Guid Id, string Slug, string Name);

public sealed record PlatformUsersResponse(PlatformUserDto[] Users);

public sealed record PlatformUserSessionsResponse(PlatformUserDto User, SessionListItem[] Sessions);
