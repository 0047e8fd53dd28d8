using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TenantSessions.Application.Audit;
using TenantSessions.Domain.Audit;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// The body of a delivery. A session end (<see cref="AuditActions.SessionRevoked"/>, <see cref="AuditActions.SignedOut"/>)
/// is a Security Event Token (RFC 8417) with the CAEP <c>session-revoked</c> event, a JWT signed HS256 with the
/// endpoint's current secret (<c>application/secevent+jwt</c>); every other event is JSON in the Standard Webhooks
/// shape (<c>{ type, timestamp, data }</c>). Both are signed again, with every live secret, by the Standard Webhooks
/// headers.
/// </summary>
public static class WebhookPayloads
{
    public const string SessionRevokedEvent = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    public const string SetContentType = "application/secevent+jwt";

    public const string JsonContentType = "application/json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    public static bool IsSessionEnd(string action) => action is AuditActions.SessionRevoked or AuditActions.SignedOut;

    public static (byte[] Body, string ContentType) For(AuditEvent e, string issuer, string audience, string secret) =>
        IsSessionEnd(e.Action)
            ? (Encoding.UTF8.GetBytes(SecurityEventToken(e, issuer, audience, secret)), SetContentType)
            : (JsonSerializer.SerializeToUtf8Bytes(Event(e, issuer), Json), JsonContentType);

    private static object Event(AuditEvent e, string issuer) => new
    {
        id = e.Id,
        type = e.Action,
        timestamp = e.At,
        data = new
        {
            label = AuditCatalog.Label(e.Action),
            workspace = issuer,
            tenantId = e.TenantId,
            actorUserId = e.ActorUserId,
            targetUserId = e.TargetUserId,
            targetSessionId = e.TargetSessionId,
            detail = e.Detail,
            ipAddress = e.IpAddress,
            countryCode = e.CountryCode,
        },
    };

    /// <summary>
    /// The SET: <c>iss</c> the workspace's URL, <c>aud</c> the endpoint, <c>jti</c> the audit event's id (also the
    /// <c>webhook-id</c>), <c>iat</c> the event's time; the subject (RFC 9493 <c>complex</c>) is the session, its
    /// person and the workspace, by opaque id; the CAEP event says who ended it (<c>initiating_entity</c>) and the
    /// reason code (<c>reason_admin</c>). No <c>exp</c> (RFC 8417 2.2).
    /// </summary>
    public static string SecurityEventToken(AuditEvent e, string issuer, string audience, string secret)
    {
        var subject = new Dictionary<string, object> { ["format"] = "complex" };
        if (e.TargetSessionId is { } session)
        {
            subject["session"] = Opaque(session);
        }

        if (e.TargetUserId is { } user)
        {
            subject["user"] = Opaque(user);
        }

        if (e.TenantId is { } tenant)
        {
            subject["tenant"] = Opaque(tenant);
        }

        var revoked = new Dictionary<string, object>
        {
            ["event_timestamp"] = e.At.ToUnixTimeSeconds(),
            ["initiating_entity"] = InitiatingEntity(e),
        };
        if (e.Detail is { Length: > 0 } detail)
        {
            revoked["reason_admin"] = new Dictionary<string, object> { ["en"] = detail };
        }

        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = "secevent+jwt",
            Issuer = issuer,
            Audience = audience,
            IssuedAt = e.At.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["jti"] = e.Id.ToString(),
                ["sub_id"] = subject,
                ["events"] = new Dictionary<string, object> { [SessionRevokedEvent] = revoked },
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(StandardWebhooks.KeyOf(secret)), SecurityAlgorithms.HmacSha256),
        };
        return Tokens.CreateToken(descriptor);
    }

    /// <summary>CAEP's <c>initiating_entity</c>: the person themself, an admin, the workspace's policy, or the system (no actor).</summary>
    public static string InitiatingEntity(AuditEvent e)
    {
        if (e.Action == AuditActions.SignedOut || (e.ActorUserId is { } actor && actor == e.TargetUserId))
        {
            return "user";
        }

        if (e.Detail?.Contains(SessionEnd.WorkspacePolicy, StringComparison.Ordinal) == true)
        {
            return "policy";
        }

        return e.ActorUserId is null ? "system" : "admin";
    }

    private static Dictionary<string, object> Opaque(Guid id) => new() { ["format"] = "opaque", ["id"] = id.ToString() };
}
