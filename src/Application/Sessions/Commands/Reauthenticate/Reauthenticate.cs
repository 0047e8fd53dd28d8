using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions.Commands.Reauthenticate;

/// <summary>
/// Password step-up on the current session: checks the password (wrong attempts count towards lockout), then rotates
/// the session's token and sets <c>AuthenticatedAt</c> to now, so the session is fresh again. The old token stops
/// working at once. The caller writes the returned token with <c>SessionCookies.WriteNewSession</c>.
/// </summary>
[Authorize]
public sealed record ReauthenticateCommand(string Password) : ICommand<IssuedSession>
{
    public override string ToString() => nameof(ReauthenticateCommand);
}

public sealed class ReauthenticateHandler(
    PasswordCheck passwords,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionIssuer issuer,
    IApplicationDbContext db,
    TimeProvider clock,
    ILogger<ReauthenticateHandler> logger) : ICommandHandler<ReauthenticateCommand, IssuedSession>
{
    public async ValueTask<IssuedSession> Handle(ReauthenticateCommand command, CancellationToken cancellationToken)
    {
        var user = await passwords.VerifyCallerAsync(command.Password, cancellationToken);
        var issued = await issuer.ReauthenticateAsync(user, current.SessionId!.Value, currentTenant.Tenant, cancellationToken);
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(), clock.GetUtcNow(), AuditActions.Reauthenticated, currentTenant.Id, user.Id, user.Id, issued.Session.Id, null));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("User {UserId} re-authenticated session {SessionId}", user.Id, issued.Session.Id);
        return issued;
    }
}
