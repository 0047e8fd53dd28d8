using System.Reflection;
using Mediator;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Common.Behaviours;

/// <summary>
/// Role checks from <see cref="AuthorizeAttribute"/>. Tenant scope needs no check here: every tenant-owned set is
/// filtered to the current tenant, so a foreign id is simply not found.
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentSession current)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly AuthorizeAttribute[] Attributes = typeof(TMessage).GetCustomAttributes<AuthorizeAttribute>().ToArray();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (Attributes.Length > 0)
        {
            if (!current.IsAuthenticated)
            {
                throw new SessionErrorException(ErrorCodes.Unauthenticated, "Sign in to continue.", 401);
            }

            foreach (var attribute in Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Roles)))
            {
                var roles = attribute.Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (!roles.Any(current.IsInRole))
                {
                    throw new ForbiddenAccessException();
                }
            }
        }

        return next(message, cancellationToken);
    }
}
