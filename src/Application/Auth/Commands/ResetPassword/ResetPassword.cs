using TenantSessions.Application.Auth.Passwords;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.ResetPassword;

/// <summary>
/// Better Auth's <c>reset-password</c>: with a valid reset token (single-use, one hour, this tenant), sets the new
/// password, ends every session of the account with reason <c>PASSWORD_RESET</c> (its devices are told why), lifts
/// a lockout, cancels the account's other reset links and e-mails the owner that the password was reset.
/// </summary>
public sealed record ResetPasswordCommand(string NewPassword, string Token) : ICommand
{
    public override string ToString() => nameof(ResetPasswordCommand);
}

public sealed class ResetPasswordHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    UserManager<ApplicationUser> users,
    ISessionStore store,
    ICurrentTenant currentTenant,
    IAppLinks links,
    TimeProvider clock,
    ILogger<ResetPasswordHandler> logger,
    Sso.SsoEnforcement sso) : ICommandHandler<ResetPasswordCommand>
{
    public async ValueTask<Unit> Handle(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = await db.FindUsableAsync(AccountTokenPurpose.PasswordReset, command.Token, now, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId, cancellationToken) ?? throw AccountTokens.Invalid();
        await sso.ThrowIfRequiredAsync(user.Email, user.Id, cancellationToken);

        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, command.NewPassword ?? "");
            errors.AddRange(PasswordRules.Describe(result.Errors));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["newPassword"] = errors.ToArray() });
        }

        await db.ConsumeAsync(unitOfWork, token, now, cancellationToken);
        await db.AccountTokens
            .Where(t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.PasswordReset && t.UsedAt == null && t.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelledAt, now), cancellationToken);

        user.PasswordHash = users.PasswordHasher.HashPassword(user, command.NewPassword!);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;

        var sessions = await db.Sessions.Live(now).Where(s => s.UserId == user.Id).ToListAsync(cancellationToken);
        var ended = store.RevokeUser(user.Id, sessions, SessionEnd.By(user.Id, RevokeReasons.PasswordReset));
        store.Record(AuditActions.PasswordReset, user.TenantId, user.Id, null);

        var tenant = currentTenant.Tenant;
        var signIn = tenant is null ? links.Platform("/sign-in") : links.Tenant(tenant.Slug, "/sign-in");
        db.EmailOutbox.Add(AccountEmails.PasswordChanged(tenant?.Id, tenant?.Name ?? "TenantSessions", user.Email ?? token.Email, byReset: true, signIn, now));
        logger.LogInformation("User {UserId} reset their password; {Count} sessions ended", user.Id, ended.Count);
        return Unit.Value;
    }
}
