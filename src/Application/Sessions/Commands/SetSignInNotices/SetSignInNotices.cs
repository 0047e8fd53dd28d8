using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;

namespace TenantSessions.Application.Sessions.Commands.SetSignInNotices;

/// <summary>Whether the caller is e-mailed about sign-ins from a new device. A security setting: needs a fresh session to turn off.</summary>
[Authorize]
public sealed record SetSignInNoticesCommand(bool Enabled) : ICommand, IRequireFreshSession;

[Authorize]
public sealed record GetSignInNoticesQuery : IQuery<bool>;

public sealed class SetSignInNoticesHandler(IApplicationDbContext db, ICurrentSession current)
    : ICommandHandler<SetSignInNoticesCommand>, IQueryHandler<GetSignInNoticesQuery, bool>
{
    public async ValueTask<Unit> Handle(SetSignInNoticesCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == current.UserId, cancellationToken) ?? throw new NotFoundException("No such account.");
        user.NewSignInNotices = command.Enabled;
        return Unit.Value;
    }

    public async ValueTask<bool> Handle(GetSignInNoticesQuery query, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == current.UserId).Select(u => u.NewSignInNotices).SingleOrDefaultAsync(cancellationToken);
}
