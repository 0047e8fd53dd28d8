using Mediator;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Common.Behaviours;

public sealed class FreshnessBehaviour<TMessage, TResponse>(
    ICurrentSession current, ICurrentTenant tenant, IOptions<SessionEngineOptions> options, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IRequireFreshSession)
        {
            var timeouts = options.Value.TimeoutsFor(tenant.Tenant);
            if (current.AuthenticatedAt is not { } authenticatedAt || !SessionLifetime.IsFresh(authenticatedAt, clock.GetUtcNow(), timeouts))
            {
                throw new RefusalException(ErrorCodes.SessionNotFresh, "Enter your password again to do this.");
            }
        }

        return next(message, cancellationToken);
    }
}
