using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;

namespace TenantSessions.Application.Accounts.Commands.UpdateProfile;

/// <summary>
/// Better Auth's own <c>update-user</c>: the signed-in person changes their name. The address is never changed here
/// (<c>change-email</c>); a new name reaches every node's cookie cache through the feed, like an administrator's rename.
/// </summary>
[Authorize]
public sealed record UpdateProfileCommand(string? Name) : ICommand<string>
{
    public override string ToString() => nameof(UpdateProfileCommand);
}

public sealed class UpdateProfileHandler(IApplicationDbContext db, ICurrentSession current, ISessionStore store) : ICommandHandler<UpdateProfileCommand, string>
{
    public const int MaxNameLength = 100;

    public async ValueTask<string> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name?.Trim();
        if (name is null or { Length: 0 or > MaxNameLength })
        {
            throw new ValidationException("name", $"Enter your name (at most {MaxNameLength} characters).");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == current.UserId, cancellationToken)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (name != user.DisplayName)
        {
            user.DisplayName = name;
            store.UserChanged(user.Id);
            store.Record(AuditActions.NameChanged, user.TenantId, user.Id, null);
        }

        return user.DisplayName;
    }
}
