using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Audit;

namespace TenantSessions.Application.Sessions.Commands.Reauthenticate;

/// <summary>
/// Password step-up on the current session: checks the password (wrong attempts count towards lockout), then rotates
/// the session's token and sets <c>AuthenticatedAt</c> to now, so the session is fresh again. The old token stops
/// working at once. The caller signs the returned session in (<c>HttpContext.SignInAsync</c>), which writes the new cookie.
/// </summary>
[Authorize]
public sealed record ReauthenticateCommand(string Password) : ICommand<IssuedSession>, IRefusedWhileImpersonating
{
    public override string ToString() => nameof(ReauthenticateCommand);
}

public sealed class ReauthenticateHandler(
    PasswordCheck passwords,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionStore store,
    ILogger<ReauthenticateHandler> logger) : ICommandHandler<ReauthenticateCommand, IssuedSession>
{
    public async ValueTask<IssuedSession> Handle(ReauthenticateCommand command, CancellationToken cancellationToken)
    {
        var user = await passwords.VerifyCallerAsync(command.Password, cancellationToken);
        var issued = await store.RotateAsync(user, current.SessionId!.Value, currentTenant.Tenant, cancellationToken);
        store.Record(AuditActions.Reauthenticated, currentTenant.Id, user.Id, issued.Session.Id);
        logger.LogInformation("User {UserId} re-authenticated session {SessionId}", user.Id, issued.Session.Id);
        return issued;
    }
}
