using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using TenantSessions.Application.Webhooks;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>Endpoint secrets at rest: Data Protection with the app's shared key ring (ADR-019), their own purpose.</summary>
internal sealed class WebhookSecrets(IDataProtectionProvider dataProtection) : IWebhookSecrets
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("TenantSessions.Webhooks.Secret.v1");

    public string NewSecret() => StandardWebhooks.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
