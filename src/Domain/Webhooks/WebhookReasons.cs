namespace TenantSessions.Domain.Webhooks;

/// <summary>The audit actions of an endpoint's life (they are streamed too, like every event of the workspace).</summary>
public static class WebhookReasons
{
    public const string EndpointAdded = "tenant.webhook_added";
    public const string SecretRotated = "tenant.webhook_secret_rotated";
    public const string EndpointDeleted = "tenant.webhook_deleted";
}
