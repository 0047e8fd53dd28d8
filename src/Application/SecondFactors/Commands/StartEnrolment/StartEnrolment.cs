using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.SecondFactors;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.SecondFactors.Commands.StartEnrolment;

/// <summary>
/// Enrolment right after the password, for someone the workspace requires to have a second factor: no session exists,
/// the pending sign-in (purpose <see cref="PendingSignInPurpose.Enrol"/>) is the only credential. Returns a new key and
/// recovery codes; <see cref="CompleteSignIn.CompleteSignInCommand"/> with a right code turns it on and signs in.
/// </summary>
public sealed record StartEnrolmentCommand(string? PendingToken) : ICommand<TwoFactorSetup>
{
    public override string ToString() => nameof(StartEnrolmentCommand);
}

public sealed class StartEnrolmentHandler(
    UserManager<ApplicationUser> users,
    SecondFactorCheck secondFactors,
    IApplicationDbContext db,
    TimeProvider clock,
    ILogger<StartEnrolmentHandler> logger) : ICommandHandler<StartEnrolmentCommand, TwoFactorSetup>
{
    public async ValueTask<TwoFactorSetup> Handle(StartEnrolmentCommand command, CancellationToken cancellationToken)
    {
        var pending = await db.FindPendingAsync(command.PendingToken, clock.GetUtcNow(), cancellationToken);
        if (pending is not { Purpose: PendingSignInPurpose.Enrol })
        {
            throw SecondFactorErrors.PendingSignInInvalid();
        }

        var user = await users.FindByIdAsync(pending.UserId.ToString());
        if (user is null || user.TwoFactorEnabled || Bans.IsBanned(user.LockoutEnd))
        {
            throw SecondFactorErrors.PendingSignInInvalid();
        }

        var setup = await secondFactors.StartSetupAsync(user, cancellationToken);
        logger.LogInformation("User {UserId} started the required two-factor enrolment", user.Id);
        return setup;
    }
}
