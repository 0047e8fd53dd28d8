using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.ImpersonateUser;

/// <summary>How long an administrator may act as someone (<c>Impersonation:*</c>).</summary>
public sealed class ImpersonationOptions
{
    public const string SectionName = "Impersonation";

    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(1);

    /// <summary>How long an impersonation lasts at most: one hour, or less when configured.</summary>
    public TimeSpan Length { get; set; } = MaxLength;
}

/// <summary>
/// Better Auth's <c>admin/impersonate-user</c>, with a stated reason: a tenant admin acts as a member of their
/// workspace when the workspace allows it (never as another administrator). The result is a separate browser-session
/// of the person, marked with the administrator (<c>impersonatedBy</c>), the administrator's session and the reason,
/// that lasts at most <see cref="ImpersonationOptions.Length"/>; the person's own sessions are untouched, and no
/// new-sign-in notice is sent (the workspace may ask that the person be told by e-mail instead). Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record ImpersonateUserCommand(Guid UserId, string Reason, ClientInfo Client) : ICommand<IssuedSession>, IRequireFreshSession;

/// <summary>
/// Better Auth's <c>admin/stop-impersonating</c>: ends the impersonation session through the store (a feed entry: no
/// node trusts its cache cookie again), records how long it lasted, and gives back the administrator's own session as
/// it was when the token they kept still verifies for it (null when that session has ended meanwhile).
/// </summary>
[Authorize]
public sealed record StopImpersonatingCommand(string? ImpersonatorToken) : ICommand<IssuedSession?>
{
    public override string ToString() => nameof(StopImpersonatingCommand);
}

public sealed class ImpersonateUserHandler(
    IApplicationDbContext db,
    AdminScope scope,
    ISessionStore store,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    IAppLinks links,
    IOptions<ImpersonationOptions> options,
    TimeProvider clock,
    ILogger<ImpersonateUserHandler> logger) : ICommandHandler<ImpersonateUserCommand, IssuedSession>, ICommandHandler<StopImpersonatingCommand, IssuedSession?>
{
    public async ValueTask<IssuedSession> Handle(ImpersonateUserCommand command, CancellationToken cancellationToken)
    {
        scope.Demand();
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length is < 3 or > Session.MaxImpersonationReasonLength)
        {
            throw new ValidationException("reason", $"Say why you act as this person (3 to {Session.MaxImpersonationReasonLength} characters); they will read it.");
        }

        if (currentTenant.Tenant is not { } tenantInfo)
        {
            throw new RefusalException(ErrorCodes.Forbidden, "Act as someone from their workspace's address: sign in there first.");
        }

        var user = await scope.TargetAsync(command.UserId, cancellationToken);
        if (user.Id == current.UserId)
        {
            throw new ValidationException("userId", "You cannot act as yourself.");
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantInfo.Id, cancellationToken);
        if (!tenant.AdminsMayImpersonate)
        {
            throw new RefusalException(ErrorCodes.Forbidden, $"{tenant.Name} does not let its administrators act as members. An administrator can turn it on in the workspace's settings.");
        }

        if ((await scope.RolesOfAsync(user.Id, cancellationToken)).Contains(Roles.TenantAdmin))
        {
            throw new RefusalException(ErrorCodes.Forbidden, "Administrators cannot act as another administrator.");
        }

        if (Bans.IsBanned(user.LockoutEnd) || user.DeletedAt is not null)
        {
            throw new RefusalException(ErrorCodes.Conflict, $"{user.DisplayName}'s account is disabled: there is nothing to see as them.");
        }

        var length = options.Value.Length > ImpersonationOptions.MaxLength || options.Value.Length <= TimeSpan.Zero ? ImpersonationOptions.MaxLength : options.Value.Length;
        var issued = await store.ImpersonateAsync(user, tenantInfo, reason, length, command.Client, cancellationToken);
        if (tenant.NotifyImpersonatedPeople && user.Email is { } email)
        {
            var admin = await db.Users.AsNoTracking().Where(u => u.Id == current.UserId).Select(u => new { u.DisplayName, u.Email }).SingleAsync(cancellationToken);
            db.EmailOutbox.Add(AccountEmails.Impersonated(tenant.Id, tenant.Name, email, $"{admin.DisplayName} ({admin.Email})", reason,
                links.Tenant(tenant.Slug, "/account/security"), clock.GetUtcNow()));
        }

        logger.LogWarning("Admin {AdminId} started acting as user {UserId} (session {SessionId}) for at most {Length}", current.UserId, user.Id, issued.Session.Id, length);
        return issued;
    }

    public async ValueTask<IssuedSession?> Handle(StopImpersonatingCommand command, CancellationToken cancellationToken)
    {
        if (current.ImpersonatedBy is null || current.SessionId is not { } sessionId)
        {
            throw new RefusalException(ErrorCodes.NotImpersonating, "You are not acting as anyone.");
        }

        var session = await db.Sessions.IgnoreQueryFilters().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var now = clock.GetUtcNow();
        store.Revoke([session], SessionEnd.By(session.ImpersonatedBy, RevokeReasons.ImpersonationEnded));
        var minutes = Math.Max(1, (int)Math.Round((now - session.CreatedAt).TotalMinutes));
        store.Record(AuditActions.ImpersonationStopped, session.TenantId, session.UserId, session.Id, $"{minutes} min", session.ImpersonatedBy);
        var admin = await store.ResumeAsync(command.ImpersonatorToken, session.ImpersonatorSessionId ?? Guid.Empty, cancellationToken);
        logger.LogInformation("Admin {AdminId} stopped acting as user {UserId} after {Minutes} min; own session back: {Back}", session.ImpersonatedBy, session.UserId, minutes, admin is not null);
        return admin;
    }
}
