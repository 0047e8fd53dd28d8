using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Passkeys.Commands;

/// <summary>Request options for signing in with a passkey on this workspace's host (Better Auth's <c>passkey/generate-authenticate-options</c>).</summary>
public sealed record BeginPasskeySignInCommand : ICommand<PasskeyOptions>;

/// <summary>
/// Signs in with a passkey (Better Auth's <c>passkey/verify-authentication</c>): a passkey is possession plus the
/// authenticator's user verification, so it needs no password and no further code. The session records <c>passkey</c>.
/// </summary>
public sealed record PasskeySignInCommand(string CredentialJson, string State, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => nameof(PasskeySignInCommand);
}

/// <summary>Request options for confirming it's you with one of your passkeys (step-up).</summary>
[Authorize]
public sealed record BeginPasskeyStepUpCommand : ICommand<PasskeyOptions>, IRefusedWhileImpersonating;

/// <summary>Step-up with a passkey instead of the password: the session's token rotates and it is fresh again.</summary>
[Authorize]
public sealed record PasskeyStepUpCommand(string CredentialJson, string State) : ICommand<IssuedSession>, IRefusedWhileImpersonating
{
    public override string ToString() => nameof(PasskeyStepUpCommand);
}

public sealed class PasskeySignInHandlers(
    UserManager<ApplicationUser> users,
    IPasskeyCeremony ceremony,
    PasswordCheck passwords,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    ISessionStore store,
    ILogger<PasskeySignInHandlers> logger)
    : ICommandHandler<BeginPasskeySignInCommand, PasskeyOptions>,
      ICommandHandler<PasskeySignInCommand, IssuedSession>,
      ICommandHandler<BeginPasskeyStepUpCommand, PasskeyOptions>,
      ICommandHandler<PasskeyStepUpCommand, IssuedSession>
{
    public async ValueTask<PasskeyOptions> Handle(BeginPasskeySignInCommand command, CancellationToken cancellationToken) =>
        await ceremony.RequestOptionsAsync(PasskeyCeremonyKind.SignIn, null, null);

    public async ValueTask<IssuedSession> Handle(PasskeySignInCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant;
        if (tenant is { IsActive: false })
        {
            throw TenantErrors.Suspended(tenant);
        }

        var (user, passkey) = await ceremony.AssertAsync(command.CredentialJson, command.State, PasskeyCeremonyKind.SignIn, null);
        var roles = await users.GetRolesAsync(user);
        var allowedHere = currentTenant.IsPlatformHost
            ? user.TenantId is null && roles.Contains(Roles.PlatformSuperadmin)
            : user.TenantId == currentTenant.Id;
        if (!allowedHere)
        {
            throw PasskeyCeremony.Refused();
        }

        if (Bans.IsBanned(user.LockoutEnd))
        {
            throw new RefusalException(ErrorCodes.AccountDisabled, "An administrator of this workspace has banned your account.");
        }

        if (passwords.IsLockedOut(user))
        {
            throw PasswordCheck.Locked();
        }

        await users.AddOrUpdatePasskeyAsync(user, passkey);
        var issued = await store.IssueAsync(user, tenant, persistent: true, command.Client, AuditActions.SignedIn, AuthenticationMethods.Passkey, cancellationToken);
        logger.LogInformation("User {UserId} signed in with a passkey, session {SessionId}", user.Id, issued.Session.Id);
        return issued;
    }

    public async ValueTask<PasskeyOptions> Handle(BeginPasskeyStepUpCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        return await ceremony.RequestOptionsAsync(PasskeyCeremonyKind.StepUp, user, current.SessionId);
    }

    public async ValueTask<IssuedSession> Handle(PasskeyStepUpCommand command, CancellationToken cancellationToken)
    {
        var (user, passkey) = await ceremony.AssertAsync(command.CredentialJson, command.State, PasskeyCeremonyKind.StepUp, current.SessionId);
        if (user.Id != current.UserId)
        {
            throw PasskeyCeremony.Refused();
        }

        await users.AddOrUpdatePasskeyAsync(user, passkey);
        var issued = await store.RotateAsync(user, current.SessionId!.Value, currentTenant.Tenant, cancellationToken);
        store.Record(AuditActions.Reauthenticated, currentTenant.Id, user.Id, issued.Session.Id, AuthenticationMethods.Passkey);
        logger.LogInformation("User {UserId} re-authenticated session {SessionId} with a passkey", user.Id, issued.Session.Id);
        return issued;
    }
}
