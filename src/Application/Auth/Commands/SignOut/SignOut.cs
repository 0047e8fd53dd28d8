using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Auth.Commands.SignOut;

/// <summary>Ends the caller's session: the row is kept as history, the revocation feed rejects its cookie cache everywhere.</summary>
[Authorize]
public sealed record SignOutCommand : ICommand;

public sealed class SignOutHandler(
    IApplicationDbContext db,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<SignOutHandler> logger) : ICommandHandler<SignOutCommand>
{
    public async ValueTask<Unit> Handle(SignOutCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == current.SessionId, cancellationToken);
        if (session is null || session.IsRevoked)
        {
            return Unit.Value;
        }

        var now = clock.GetUtcNow();
        session.Revoke(now, current.UserId, RevokeReasons.SignedOut);
        db.RevocationFeed.Add(new RevocationEntry(RevocationKind.Session, session.Id, now));
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(), now, AuditActions.SignedOut, session.TenantId, current.UserId, session.UserId, session.Id, RevokeReasons.SignedOut));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Session {SessionId} signed out", session.Id);
        return Unit.Value;
    }
}
