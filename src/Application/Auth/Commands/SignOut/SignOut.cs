using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Auth.Commands.SignOut;

/// <summary>Ends the caller's session: the row is kept as history, the revocation feed rejects its cookie cache everywhere.</summary>
[Authorize]
public sealed record SignOutCommand : ICommand;

public sealed class SignOutHandler(
    IApplicationDbContext db,
    ICurrentSession current,
    ISessionStore store,
    ILogger<SignOutHandler> logger) : ICommandHandler<SignOutCommand>
{
    public async ValueTask<Unit> Handle(SignOutCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == current.SessionId, cancellationToken);
        if (session is null || session.IsRevoked)
        {
            return Unit.Value;
        }

        store.Revoke([session], SessionEnd.By(current.UserId, RevokeReasons.SignedOut));
        logger.LogInformation("Session {SessionId} signed out", session.Id);
        return Unit.Value;
    }
}
