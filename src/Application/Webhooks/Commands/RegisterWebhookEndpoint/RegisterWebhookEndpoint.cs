using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks.Commands.RegisterWebhookEndpoint;

/// <summary>
/// A tenant admin adds an endpoint that receives the workspace's audit events from now on. The signing secret is made
/// here, returned this once, and stored encrypted. Needs a fresh session (it sends security data out of the workspace).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RegisterWebhookEndpointCommand(string Url, string? Description) : ICommand<WebhookSecretIssued>, IRequireFreshSession;

/// <summary>The endpoint and its secret, shown once (at registration or rotation) and never again.</summary>
public sealed record WebhookSecretIssued(WebhookEndpointView Endpoint, string Secret);

internal sealed class RegisterWebhookEndpointValidator : AbstractValidator<RegisterWebhookEndpointCommand>
{
    public RegisterWebhookEndpointValidator(IOptions<WebhookOptions> options)
    {
        RuleFor(c => c.Url).Must(u => WebhookRules.IsAllowedUrl(u, options.Value.AllowLoopback)).WithMessage(WebhookRules.UrlMessage);
        RuleFor(c => c.Description).MaximumLength(WebhookEndpoint.MaxDescriptionLength).WithMessage($"Use at most {WebhookEndpoint.MaxDescriptionLength} characters.");
    }
}

internal sealed class RegisterWebhookEndpointHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IWebhookSecrets secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock) : ICommandHandler<RegisterWebhookEndpointCommand, WebhookSecretIssued>
{
    public async ValueTask<WebhookSecretIssued> Handle(RegisterWebhookEndpointCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant!;
        var max = options.Value.MaxEndpointsPerWorkspace;
        if (await db.WebhookEndpoints.CountAsync(cancellationToken) >= max)
        {
            throw new RefusalException(ErrorCodes.Conflict, $"A workspace can have at most {max} webhook endpoints. Delete one first.");
        }

        var now = clock.GetUtcNow();
        var secret = secrets.NewSecret();
        var url = new Uri(command.Url.Trim()).AbsoluteUri;
        var description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim();
        var endpoint = new WebhookEndpoint(Guid.CreateVersion7(now), tenant.Id, url, description, secrets.Protect(secret), now, current.UserId);
        db.WebhookEndpoints.Add(endpoint);
        store.Record(WebhookReasons.EndpointAdded, tenant.Id, null, null, url);
        return new WebhookSecretIssued(WebhookRules.View(endpoint, now), secret);
    }
}
