namespace TenantSessions.Domain.Audit;

/// <summary>
/// What happened and who did it: sign-in, sign-out, revocation, suspension, policy and membership changes. The request's
/// address and its country are kept with the event (null for a background job), so the workspace's audit log can be
/// filtered by them.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
    }

    public AuditEvent(Guid id, DateTimeOffset at, string action, Guid? tenantId, Guid? actorUserId, Guid? targetUserId, Guid? targetSessionId, string? detail,
        string? ipAddress = null, string? countryCode = null)
    {
        Id = id;
        At = at;
        Action = action;
        TenantId = tenantId;
        ActorUserId = actorUserId;
        TargetUserId = targetUserId;
        TargetSessionId = targetSessionId;
        Detail = detail;
        IpAddress = ipAddress is { Length: > MaxIpAddressLength } ? ipAddress[..MaxIpAddressLength] : ipAddress;
        CountryCode = countryCode;
    }

    public const int MaxIpAddressLength = 45;

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Action { get; private set; } = "";

    public Guid? TenantId { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public Guid? TargetUserId { get; private set; }

    public Guid? TargetSessionId { get; private set; }

    public string? Detail { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 of <see cref="IpAddress"/> when known (null for the local network or an unknown address).</summary>
    public string? CountryCode { get; private set; }
}
