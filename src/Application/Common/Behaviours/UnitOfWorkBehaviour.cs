using Mediator;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Application.Common.Behaviours;

/// <summary>
/// Commits each command once, after its handler returns: one <c>SaveChanges</c> (one transaction) for everything the
/// handler staged, then the revocation feed announced. A handler that throws commits nothing (a transaction it opened
/// early with <see cref="IUnitOfWork.BeginAsync"/> rolls back), so a command is never half done. Queries pass through. A command sent from inside another command commits with the outer one.
/// </summary>
public sealed class UnitOfWorkBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork, CommandDepth depth)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand)
        {
            return await next(message, cancellationToken);
        }

        depth.Value++;
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            if (--depth.Value == 0)
            {
                await unitOfWork.RollbackAsync();
            }

            throw;
        }

        depth.Value--;

        if (depth.Value == 0)
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }

        return response;
    }
}

/// <summary>How deep in nested commands this scope is; only the outermost command commits.</summary>
public sealed class CommandDepth
{
    public int Value { get; set; }
}
