namespace TenantSessions.Domain.Webhooks;

/// <summary>
/// One audit event to deliver to one endpoint: the webhook outbox. Written in the same save as the audit event (so it
/// exists exactly when the event does) and deleted with it when the audit retention purges the event. <see cref="Id"/>
/// is a database sequence: an endpoint's deliveries go out one after another in that order, each only once the one
/// before it was accepted.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    public WebhookDelivery(Guid tenantId, Guid endpointId, Guid auditEventId, string action, DateTimeOffset createdAt)
    {
        TenantId = tenantId;
        EndpointId = endpointId;
        AuditEventId = auditEventId;
        Action = action;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public const int MaxErrorLength = 500;

    public long Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid EndpointId { get; private set; }

    public Guid AuditEventId { get; private set; }

    /// <summary>The audit event's action (<c>session.signed_in</c> …), kept for the endpoint page.</summary>
    public string Action { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The receiver's HTTP status of the last attempt (null when it could not be reached).</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Why the last attempt failed (never a response body: only the status or the transport error).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }
}
