using Mediator;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Webhooks.Commands.RegisterWebhookEndpoint;
using TenantSessions.Application.Webhooks.Queries.ListWebhookEndpoints;
using TenantSessions.Domain.Users;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks.Commands.RotateWebhookSecret;

/// <summary>
/// A new signing secret, returned this once. The previous one keeps signing beside it (a second <c>v1</c> signature)
/// for <see cref="WebhookOptions.SecretOverlap"/>, so the receiver can switch without refusing a delivery; a second
/// rotation within the overlap drops the oldest at once. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RotateWebhookSecretCommand(Guid EndpointId) : ICommand<WebhookSecretIssued>, IRequireFreshSession;

internal sealed class RotateWebhookSecretHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    IWebhookSecrets secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock) : ICommandHandler<RotateWebhookSecretCommand, WebhookSecretIssued>
{
    public async ValueTask<WebhookSecretIssued> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await WebhookEndpointLookup.FindAsync(db, command.EndpointId, cancellationToken);
        var now = clock.GetUtcNow();
        var secret = secrets.NewSecret();
        endpoint.RotateSecret(secrets.Protect(secret), now, now + options.Value.SecretOverlap);
        store.Record(WebhookReasons.SecretRotated, currentTenant.Id, null, null, endpoint.Url);
        return new WebhookSecretIssued(WebhookRules.View(endpoint, now), secret);
    }
}
