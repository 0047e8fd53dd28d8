using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Passkeys.Commands;

/// <summary>Creation options for a new passkey of the signed-in person (Better Auth's <c>passkey/generate-register-options</c>). Needs a fresh session.</summary>
[Authorize]
public sealed record BeginPasskeyRegistrationCommand : ICommand<PasskeyOptions>, IRequireFreshSession;

/// <summary>Stores the new passkey under a name the person chose (Better Auth's <c>passkey/verify-registration</c>). Needs a fresh session.</summary>
[Authorize]
public sealed record RegisterPasskeyCommand(string CredentialJson, string State, string? Name) : ICommand<PasskeySummary>, IRequireFreshSession
{
    public override string ToString() => nameof(RegisterPasskeyCommand);
}

/// <summary>Removes one of the signed-in person's passkeys. Needs a fresh session.</summary>
[Authorize]
public sealed record RemovePasskeyCommand(string Id) : ICommand<Unit>, IRequireFreshSession;

public sealed class PasskeyRegistrationHandlers(
    UserManager<ApplicationUser> users,
    IPasskeyCeremony ceremony,
    ICurrentSession current,
    ICurrentTenant tenant,
    ISessionStore store,
    TimeProvider clock,
    ILogger<PasskeyRegistrationHandlers> logger)
    : ICommandHandler<BeginPasskeyRegistrationCommand, PasskeyOptions>,
      ICommandHandler<RegisterPasskeyCommand, PasskeySummary>,
      ICommandHandler<RemovePasskeyCommand, Unit>
{
    public const int MaxNameLength = 100;

    public async ValueTask<PasskeyOptions> Handle(BeginPasskeyRegistrationCommand command, CancellationToken cancellationToken) =>
        await ceremony.CreationOptionsAsync(await CallerAsync(), current.SessionId!.Value);

    public async ValueTask<PasskeySummary> Handle(RegisterPasskeyCommand command, CancellationToken cancellationToken)
    {
        var user = await CallerAsync();
        var name = string.IsNullOrWhiteSpace(command.Name) ? "Passkey" : command.Name.Trim();
        if (name.Length > MaxNameLength)
        {
            throw new ValidationException("name", $"Use at most {MaxNameLength} characters.");
        }

        var passkey = await ceremony.AttestAsync(command.CredentialJson, command.State, current.SessionId!.Value, user);
        passkey.Name = name;
        var stored = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!stored.Succeeded)
        {
            throw PasskeyCeremony.Refused();
        }

        var now = clock.GetUtcNow();
        store.Record(AuditActions.PasskeyAdded, tenant.Id, user.Id, current.SessionId, name);
        logger.LogInformation("User {UserId} added a passkey", user.Id);
        return new PasskeySummary(PasskeyCeremony.EncodeId(passkey.CredentialId), name, passkey.CreatedAt);
    }

    public async ValueTask<Unit> Handle(RemovePasskeyCommand command, CancellationToken cancellationToken)
    {
        var user = await CallerAsync();
        if (!PasskeyCeremony.TryDecodeId(command.Id, out var id) || await users.GetPasskeyAsync(user, id) is null)
        {
            throw new NotFoundException("You have no such passkey.");
        }

        await users.RemovePasskeyAsync(user, id);
        var now = clock.GetUtcNow();
        store.Record(AuditActions.PasskeyRemoved, tenant.Id, user.Id, current.SessionId, null);
        logger.LogInformation("User {UserId} removed a passkey", user.Id);
        return Unit.Value;
    }

    private async Task<ApplicationUser> CallerAsync() =>
        await users.FindByIdAsync(current.UserId.ToString()!)
        ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
}
