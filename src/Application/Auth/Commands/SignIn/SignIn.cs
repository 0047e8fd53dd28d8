using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.SignIn;

/// <summary>Checks the password (throttled by <see cref="SignInThrottle"/>, never locked) and starts a new session with a new token.</summary>
public sealed record SignInCommand(string Email, string Password, bool RememberMe, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => $"SignInCommand {{ Email = {Email}, RememberMe = {RememberMe} }}";
}

public sealed class SignInHandler(
    UserManager<ApplicationUser> users,
    PasswordCheck passwords,
    SignInThrottle throttle,
    HeldAttempts held,
    ICurrentTenant currentTenant,
    ISessionStore store,
    SessionMetrics metrics,
    AccountNotices notices,
    ILogger<SignInHandler> logger) : ICommandHandler<SignInCommand, IssuedSession>
{
    private static readonly ApplicationUser TimingDecoy = new() { Id = Guid.Empty, UserName = "decoy" };

    public async ValueTask<IssuedSession> Handle(SignInCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await SignInAsync(command, cancellationToken);
        }
        catch (SessionErrorException refused)
        {
            metrics.RecordSignInFailure(refused.Code);
            throw;
        }
    }

    private async Task<IssuedSession> SignInAsync(SignInCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant;
        if (tenant is { IsActive: false })
        {
            throw TenantErrors.Suspended(tenant);
        }

        var attempt = held.Hold(await throttle.BeginAsync(ThrottleScope(), command.Email ?? "", command.Client.IpAddress, cancellationToken));
        var user = string.IsNullOrWhiteSpace(command.Email) ? null : await users.FindByEmailAsync(command.Email.Trim());
        if (user is null || !IsAllowedHere(user, await users.GetRolesAsync(user)))
        {
            users.PasswordHasher.HashPassword(TimingDecoy, command.Password ?? "");
            attempt.Failed();
            logger.LogInformation("Sign-in refused: unknown account");
            throw InvalidCredentials();
        }

        passwords.ThrowIfBanned(user, command.Password ?? "", () =>
        {
            attempt.Failed();
            return InvalidCredentials();
        });
        if (!passwords.IsCorrect(user, command.Password ?? ""))
        {
            attempt.Failed();
            logger.LogInformation("Sign-in refused: wrong password for user {UserId}", user.Id);
            throw InvalidCredentials();
        }

        attempt.Succeeded();

        var issued = await store.IssueAsync(user, tenant, command.RememberMe, command.Client, AuditActions.SignedIn, cancellationToken);
        await notices.NewSignInAsync(user, issued.Session, cancellationToken);
        logger.LogInformation("User {UserId} signed in, session {SessionId}", user.Id, issued.Session.Id);
        return issued;
    }

    private string ThrottleScope() => $"sign-in|{currentTenant.Id?.ToString() ?? "platform"}";

    private bool IsAllowedHere(ApplicationUser user, IList<string> roles) =>
        currentTenant.IsPlatformHost
            ? user.TenantId is null && roles.Contains(Roles.PlatformSuperadmin)
            : user.TenantId == currentTenant.Id;

    private static SessionErrorException InvalidCredentials() =>
        new(ErrorCodes.InvalidCredentials, "Invalid email or password.");
}
