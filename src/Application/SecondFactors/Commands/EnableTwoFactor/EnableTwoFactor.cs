using Mediator;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.SecondFactors.Commands.EnableTwoFactor;

/// <summary>
/// Better Auth's <c>two-factor/enable</c>: checks the password, makes a new authenticator key and ten recovery codes,
/// and returns them once. Two-factor is on only after <see cref="ConfirmTwoFactor.ConfirmTwoFactorCommand"/> proves
/// the app produces codes. Needs a fresh session.
/// </summary>
[Authorize]
public sealed record EnableTwoFactorCommand(string Password) : ICommand<TwoFactorSetup>, IRequireFreshSession
{
    public override string ToString() => nameof(EnableTwoFactorCommand);
}

public sealed class EnableTwoFactorHandler(
    PasswordCheck passwords,
    SecondFactorCheck secondFactors,
    ILogger<EnableTwoFactorHandler> logger) : ICommandHandler<EnableTwoFactorCommand, TwoFactorSetup>
{
    public async ValueTask<TwoFactorSetup> Handle(EnableTwoFactorCommand command, CancellationToken cancellationToken)
    {
        var user = await passwords.VerifyCallerAsync(command.Password, cancellationToken);
        if (user.TwoFactorEnabled)
        {
            throw new RefusalException(
                SecondFactorErrors.TwoFactorAlreadyEnabled, "Two-factor authentication is already on. Turn it off first to use another authenticator app.");
        }

        var setup = await secondFactors.StartSetupAsync(user, cancellationToken);
        logger.LogInformation("User {UserId} started two-factor set-up", user.Id);
        return setup;
    }
}
