namespace TenantSessions.Domain.Audit;

/// <summary>What happened to a session and who did it: sign-in, sign-out, revocation, suspension.</summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
    }

    public AuditEvent(Guid id, DateTimeOffset at, string action, Guid? tenantId, Guid? actorUserId, Guid? targetUserId, Guid? targetSessionId, string? detail)
    {
        Id = id;
        At = at;
        Action = action;
        TenantId = tenantId;
        ActorUserId = actorUserId;
        TargetUserId = targetUserId;
        TargetSessionId = targetSessionId;
        Detail = detail;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Action { get; private set; } = "";

    public Guid? TenantId { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public Guid? TargetUserId { get; private set; }

    public Guid? TargetSessionId { get; private set; }

    public string? Detail { get; private set; }
}
