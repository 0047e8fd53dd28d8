using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.SecondFactors;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.SignIn;

/// <summary>
/// Checks the password (throttled by <see cref="SignInThrottle"/>, never locked) and starts a new session with a new
/// token — unless a second factor must follow (or be enrolled): then no session exists yet, only a pending sign-in
/// (<see cref="SignInOutcome.Pending"/>).
/// </summary>
public sealed record SignInCommand(string Email, string Password, bool RememberMe, ClientInfo Client) : ICommand<SignInOutcome>
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
    SecondFactorCheck secondFactors,
    IOptions<SecondFactorOptions> secondFactorOptions,
    IApplicationDbContext db,
    Sso.SsoEnforcement sso,
    TimeProvider clock,
    ILogger<SignInHandler> logger) : ICommandHandler<SignInCommand, SignInOutcome>
{
    private static readonly ApplicationUser TimingDecoy = new() { Id = Guid.Empty, UserName = "decoy" };

    public async ValueTask<SignInOutcome> Handle(SignInCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await SignInAsync(command, cancellationToken);
        }
        catch (RefusalException refused)
        {
            metrics.RecordSignInFailure(refused.Code);
            throw;
        }
    }

    private async Task<SignInOutcome> SignInAsync(SignInCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant;
        if (tenant is { IsActive: false })
        {
            throw TenantErrors.Suspended(tenant);
        }

        var attempt = held.Hold(await throttle.BeginAsync(ThrottleScope(), command.Email ?? "", command.Client.IpAddress, cancellationToken));
        var user = string.IsNullOrWhiteSpace(command.Email) ? null : await users.FindByEmailAsync(command.Email.Trim());
        IList<string> roles = user is null ? [] : await users.GetRolesAsync(user);

        // An address the workspace signs in through its IdP: refused whoever it is (unknown, wrong password, right
        // password), with the same work and the same answer, except the break-glass account with its right password.
        var ssoRequired = await sso.ForAsync(command.Email?.Trim(), cancellationToken);
        if (ssoRequired is not null && (user is null || !IsAllowedHere(user, roles) || user.Id != ssoRequired.BreakGlassUserId))
        {
            users.PasswordHasher.HashPassword(TimingDecoy, command.Password ?? "");
            attempt.Failed();
            logger.LogInformation("Password sign-in refused: the address must use SSO connection {ProviderId}", ssoRequired.ProviderId);
            throw ssoRequired.Refusal();
        }

        if (user is null || !IsAllowedHere(user, roles))
        {
            users.PasswordHasher.HashPassword(TimingDecoy, command.Password ?? "");
            attempt.Failed();
            logger.LogInformation("Sign-in refused: unknown account");
            throw InvalidCredentials();
        }

        passwords.ThrowIfBanned(user, command.Password ?? "", () =>
        {
            attempt.Failed();
            return ssoRequired?.Refusal() ?? InvalidCredentials();
        });
        if (!passwords.IsCorrect(user, command.Password ?? ""))
        {
            attempt.Failed();
            logger.LogInformation("Sign-in refused: wrong password for user {UserId}", user.Id);
            throw ssoRequired?.Refusal() ?? InvalidCredentials();
        }

        attempt.Succeeded();
        var step = await secondFactors.StepAfterPasswordAsync(user, roles, cancellationToken);
        if (step != SecondFactorStep.None)
        {
            var now = clock.GetUtcNow();
            await db.PendingSignIns.IgnoreQueryFilters().Where(p => p.UserId == user.Id && p.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
            var purpose = step == SecondFactorStep.Verify ? PendingSignInPurpose.Verify : PendingSignInPurpose.Enrol;
            var pending = db.Start(user.Id, tenant?.Id, purpose, command.RememberMe, now, secondFactorOptions.Value.PendingSignInLifetime);
            logger.LogInformation("User {UserId} passed the password check; second factor pending ({Purpose})", user.Id, purpose);
            return new SignInOutcome(null, pending);
        }

        var issued = await store.IssueAsync(user, tenant, command.RememberMe, command.Client, AuditActions.SignedIn, AuthenticationMethods.Password, cancellationToken);
        await notices.NewSignInAsync(user, issued.Session, cancellationToken);
        logger.LogInformation("User {UserId} signed in, session {SessionId}", user.Id, issued.Session.Id);
        return new SignInOutcome(issued, null);
    }

    private string ThrottleScope() => SignInThrottle.SignInScope(currentTenant.Id);

    private bool IsAllowedHere(ApplicationUser user, IList<string> roles) =>
        currentTenant.IsPlatformHost
            ? user.TenantId is null && roles.Contains(Roles.PlatformSuperadmin)
            : user.TenantId == currentTenant.Id;

    private static RefusalException InvalidCredentials() =>
        new(ErrorCodes.InvalidCredentials, "Invalid email or password.");
}

/// <summary>Either a session (the password was enough) or a pending sign-in waiting for the second factor — never both.</summary>
public sealed record SignInOutcome(IssuedSession? Session, StartedPendingSignIn? Pending);
