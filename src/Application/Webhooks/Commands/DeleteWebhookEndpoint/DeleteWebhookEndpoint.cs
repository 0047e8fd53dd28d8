using Mediator;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Webhooks.Queries.ListWebhookEndpoints;
using TenantSessions.Domain.Users;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks.Commands.DeleteWebhookEndpoint;

/// <summary>
/// Removes an endpoint and its deliveries, the undelivered ones too (the events stay in the audit log and its export).
/// Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record DeleteWebhookEndpointCommand(Guid EndpointId) : ICommand, IRequireFreshSession;

internal sealed class DeleteWebhookEndpointHandler(IApplicationDbContext db, ISessionStore store, ICurrentTenant currentTenant)
    : ICommandHandler<DeleteWebhookEndpointCommand>
{
    public async ValueTask<Unit> Handle(DeleteWebhookEndpointCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await WebhookEndpointLookup.FindAsync(db, command.EndpointId, cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        store.Record(WebhookReasons.EndpointDeleted, currentTenant.Id, null, null, endpoint.Url);
        return Unit.Value;
    }
}
