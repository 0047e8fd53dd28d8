using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Accounts.Queries.GetAccountDeletion;

/// <summary>What deleting the caller's account would take away, counted now, for the confirmation page.</summary>
[Authorize]
public sealed record GetAccountDeletionQuery : IQuery<AccountDeletionPreview>;

/// <param name="HasPassword">The confirmation asks for the password (an account signed in only by passkey or IdP has none).</param>
/// <param name="SoleAdministrator">The caller is the workspace's only administrator: deletion is refused until someone else is one.</param>
/// <param name="PlatformAdministrator">A superadmin: removed on the server, never here.</param>
public sealed record AccountDeletionPreview(
    string Email,
    string Workspace,
    IReadOnlyList<string> Roles,
    int LiveSessions,
    int Passkeys,
    bool TwoFactorEnabled,
    int RecoveryCodes,
    int LinkedIdentities,
    bool HasPassword,
    bool SoleAdministrator,
    bool PlatformAdministrator);

public sealed class GetAccountDeletionHandler(
    IApplicationDbContext db,
    UserManager<ApplicationUser> users,
    AccountErasure erasure,
    ICurrentSession current,
    TimeProvider clock) : IQueryHandler<GetAccountDeletionQuery, AccountDeletionPreview>
{
    public async ValueTask<AccountDeletionPreview> Handle(GetAccountDeletionQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(current.UserId.ToString()!)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        var now = clock.GetUtcNow();
        var workspace = user.TenantId is { } tenantId
            ? await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync(cancellationToken)
            : "the platform";
        return new AccountDeletionPreview(
            user.Email ?? "",
            workspace,
            (await users.GetRolesAsync(user)).ToList(),
            await db.Sessions.Live(now).CountAsync(s => s.UserId == user.Id, cancellationToken),
            (await users.GetPasskeysAsync(user)).Count,
            user.TwoFactorEnabled,
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0,
            (await users.GetLoginsAsync(user)).Count,
            user.PasswordHash is not null,
            await erasure.IsSoleAdministratorAsync(user, cancellationToken),
            user.TenantId is null);
    }
}
