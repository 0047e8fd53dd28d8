using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Email;

/// <summary>
/// The account notices: a sign-in from a new device (or, once sessions carry one, a new country), sessions ended by
/// an admin or the platform, the password changed, the account banned. Each method only queues a message in the
/// caller's unit of work; sending happens later from the outbox, so a mail failure never fails the action. Notices
/// carry a link to the security page or sign-in page, never a token.
/// </summary>
public sealed class AccountNotices(IApplicationDbContext db, IAppLinks links, TimeProvider clock)
{
    /// <summary>
    /// Queues "new sign-in" when the person has signed in before but never from this place, and has not turned the
    /// notice off. "Place" is <see cref="IsSamePlace"/>: the device label today; the country joins it when sessions
    /// record one (issue 12) — change only that method.
    /// </summary>
    public async Task NewSignInAsync(ApplicationUser user, Session session, CancellationToken cancellationToken)
    {
        if (!user.NewSignInNotices || user.Email is null)
        {
            return;
        }

        var earlier = await db.Sessions.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.UserId == user.Id && s.Id != session.Id)
            .Select(s => new Place(s.DeviceLabel))
            .Distinct()
            .ToListAsync(cancellationToken);
        var here = new Place(session.DeviceLabel);
        if (earlier.Count == 0 || earlier.Any(p => IsSamePlace(p, here)))
        {
            return;
        }

        var (workspace, security) = await WhereAsync(user.TenantId, "/account/security", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.NewSignIn(user.TenantId, workspace, user.Email, session.DeviceLabel, null, session.CreatedAt, security, clock.GetUtcNow()));
    }

    /// <summary>Where a sign-in came from, as far as the notice compares it.</summary>
    public sealed record Place(string DeviceLabel);

    public static bool IsSamePlace(Place earlier, Place now) => string.Equals(earlier.DeviceLabel, now.DeviceLabel, StringComparison.Ordinal);

    /// <summary>Sessions of <paramref name="userId"/> ended by someone else (an admin or the platform).</summary>
    public async Task SessionsEndedAsync(Guid userId, bool byPlatform, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Email is null)
        {
            return;
        }

        var (workspace, security) = await WhereAsync(user.TenantId, "/account/security", cancellationToken);
        var byWhom = byPlatform ? "The platform's administrators" : $"An administrator of {workspace}";
        db.EmailOutbox.Add(AccountEmails.SessionsEnded(user.TenantId, workspace, user.Email, byWhom, count, security, clock.GetUtcNow()));
    }

    public async Task PasswordChangedAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (user.Email is null)
        {
            return;
        }

        var (workspace, signIn) = await WhereAsync(user.TenantId, "/sign-in", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.PasswordChanged(user.TenantId, workspace, user.Email, byReset: false, signIn, clock.GetUtcNow()));
    }

    public async Task BannedAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (user.Email is null)
        {
            return;
        }

        var (workspace, _) = await WhereAsync(user.TenantId, "/", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.AccountBanned(user.TenantId, workspace, user.Email, null, clock.GetUtcNow()));
    }

    private async Task<(string Workspace, string Link)> WhereAsync(Guid? tenantId, string path, CancellationToken cancellationToken)
    {
        var tenant = tenantId is { } id
            ? await db.Tenants.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.Name, t.Slug }).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (tenant is null)
        {
            return ("TenantSessions", links.Platform(path));
        }

        return (tenant.Name, links.Tenant(tenant.Slug, path));
    }
}
