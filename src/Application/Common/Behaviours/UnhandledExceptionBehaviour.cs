using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Application.Common.Behaviours;

public sealed class UnhandledExceptionBehaviour<TMessage, TResponse>(ILogger<TMessage> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not (NotFoundException or ForbiddenAccessException or ValidationException or RefusalException or OperationCanceledException))
        {
            logger.LogError(ex, "Unhandled exception for {Message}", typeof(TMessage).Name);
            throw;
        }
    }
}
