using Mediator;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Common.Behaviours;

/// <summary>
/// While an administrator acts as a person, security-sensitive commands (<see cref="IRefusedWhileImpersonating"/>, and
/// every <see cref="IRequireFreshSession"/> command) are refused with <c>IMPERSONATION_REFUSED</c> (403) and a message
/// that says why; nothing is changed.
/// </summary>
public sealed class ImpersonationBehaviour<TMessage, TResponse>(ICurrentSession current) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly bool Sensitive = typeof(IRefusedWhileImpersonating).IsAssignableFrom(typeof(TMessage)) || typeof(IRequireFreshSession).IsAssignableFrom(typeof(TMessage));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (Sensitive && current.ImpersonatedBy is not null)
        {
            throw new RefusalException(
                ErrorCodes.ImpersonationRefused,
                "You are acting as this person: their password, e-mail, second factors, sessions and account cannot be changed while you do. Stop acting as them first.");
        }

        return next(message, cancellationToken);
    }
}
