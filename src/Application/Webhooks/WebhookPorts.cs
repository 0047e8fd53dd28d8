using TenantSessions.Domain.Audit;

namespace TenantSessions.Application.Webhooks;

/// <summary>Endpoint secrets: generated here, encrypted at rest with Data Protection (they are needed to sign).</summary>
public interface IWebhookSecrets
{
    /// <summary>A new Standard Webhooks secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    string NewSecret();

    string Protect(string secret);

    string Unprotect(string protectedSecret);
}

/// <summary>One delivery as the sender sees it: the event, where to, and the secrets that sign (current first).</summary>
public sealed record WebhookMessage(AuditEvent Event, string TenantSlug, Uri Url, IReadOnlyList<string> Secrets);

/// <summary>What became of one attempt: accepted (2xx), or why not (the status, or the transport's error).</summary>
public sealed record WebhookAttempt(bool Delivered, int? StatusCode, string? Error);

/// <summary>Shapes, signs and posts one event (IHttpClientFactory in Infrastructure; the address rules of ADR-029).</summary>
public interface IWebhookSender
{
    Task<WebhookAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken);
}
