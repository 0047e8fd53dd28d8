using System.Reflection;
using Mediator;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Common.Behaviours;

/// <summary>
/// Role and host-scope checks from <see cref="AuthorizeAttribute"/>: not signed in → 401, wrong kind of host (a
/// platform command on a tenant host, a tenant command on the platform host) → not found, missing role → 403.
/// Row-level tenant scope needs no check here: every tenant-owned set is filtered to the current tenant, so a
/// foreign id is simply not found.
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentSession current, ICurrentTenant tenant)
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
                throw new RefusalException(ErrorCodes.Unauthenticated, "Sign in to continue.");
            }

            foreach (var attribute in Attributes)
            {
                var wrongHost = attribute.Scope switch
                {
                    AuthorizationScope.TenantHost => tenant.IsPlatformHost,
                    AuthorizationScope.PlatformHost => !tenant.IsPlatformHost,
                    _ => false,
                };
                if (wrongHost)
                {
                    throw new NotFoundException("There is nothing like that here.");
                }
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
