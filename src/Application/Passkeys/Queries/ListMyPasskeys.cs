using Mediator;
using Microsoft.AspNetCore.Identity;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Passkeys.Queries;

[Authorize]
public sealed record ListMyPasskeysQuery : IQuery<IReadOnlyList<PasskeySummary>>;

public sealed class ListMyPasskeysHandler(UserManager<ApplicationUser> users, ICurrentSession current) : IQueryHandler<ListMyPasskeysQuery, IReadOnlyList<PasskeySummary>>
{
    public async ValueTask<IReadOnlyList<PasskeySummary>> Handle(ListMyPasskeysQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        return (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeySummary(PasskeyCeremony.EncodeId(p.CredentialId), p.Name ?? "Passkey", p.CreatedAt))
            .ToList();
    }
}
