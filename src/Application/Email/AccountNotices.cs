using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Email;

/// <summary>
/// The account notices: a sign-in from a new device or a new country, sessions ended by an admin or the platform, the
/// password changed, the account banned. Each method only queues a message in the caller's unit of work; sending
/// happens later from the outbox, so a mail failure never fails the action. Notices carry a link to the security page
/// or sign-in page, never a token.
/// </summary>
public sealed class AccountNotices(IApplicationDbContext db, IAppLinks links, IGeoLocator geo, TimeProvider clock)
{
    /// <summary>
    /// Queues "new sign-in" when the person has signed in before but never from this place, and has not turned the
    /// notice off. "This place" is <see cref="IsSamePlace"/>: the same device label and, where both addresses locate
    /// to a country (the bundled country database, <see cref="IGeoLocator"/>), the same country.
    /// </summary>
    public async Task NewSignInAsync(ApplicationUser user, Session session, CancellationToken cancellationToken)
    {
        if (!user.NewSignInNotices || user.Email is null)
        {
            return;
        }

        var earlier = (await db.Sessions.IgnoreQueryFilters().AsNoTracking()
                .Where(s => s.UserId == user.Id && s.Id != session.Id)
                .Select(s => new { s.DeviceLabel, s.IpAddress })
                .Distinct()
                .ToListAsync(cancellationToken))
            .Select(s => PlaceOf(s.DeviceLabel, s.IpAddress))
            .ToList();
        var here = PlaceOf(session.DeviceLabel, session.IpAddress);
        if (earlier.Count == 0 || IsSamePlace(earlier, here))
        {
            return;
        }

        var newCountry = earlier.Any(p => p.DeviceLabel == here.DeviceLabel);
        var (workspace, security) = await WhereAsync(user.TenantId, "/account/security", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.NewSignIn(user.TenantId, workspace, user.Email, session.DeviceLabel, here.Country?.Name, session.IpAddress, newCountry, session.CreatedAt, security, clock.GetUtcNow()));
    }

    /// <summary>Where a sign-in came from, as far as the notice compares it: the device label and the country (null when the address locates to none: a local network, an unknown address).</summary>
    public sealed record Place(string DeviceLabel, GeoLocation? Country);

    private Place PlaceOf(string deviceLabel, string? ipAddress) =>
        new(deviceLabel, geo.Locate(ipAddress) is { CountryCode: not null } located ? located : null);

    /// <summary>
    /// A sign-in is from a known place when the account has used this device before and, if this sign-in locates to
    /// a country, has been used from that country before. A new device or a new country is a new place. An address
    /// with no country (local network, unknown) never counts as a new country.
    /// </summary>
    public static bool IsSamePlace(IReadOnlyCollection<Place> earlier, Place now) =>
        earlier.Any(p => string.Equals(p.DeviceLabel, now.DeviceLabel, StringComparison.Ordinal))
        && (now.Country is null || earlier.Any(p => p.Country?.CountryCode == now.Country.CountryCode));

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

    /// <summary>A session ended because its retired cookie was replayed (ADR-030): always sent, it is no setting.</summary>
    public async Task TokenReplayedAsync(ApplicationUser user, Session session, string? ipAddress, CancellationToken cancellationToken)
    {
        if (user.Email is null)
        {
            return;
        }

        var (workspace, security) = await WhereAsync(user.TenantId, "/account/security", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.TokenReplayed(
            user.TenantId, workspace, user.Email, session.DeviceLabel, ipAddress, session.TokenRotatedAt ?? session.AuthenticatedAt, security, clock.GetUtcNow()));
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

    /// <summary>"Your account was deleted", queued while the address is still known (the erasure that follows removes it from the account).</summary>
    public async Task AccountDeletedAsync(ApplicationUser user, bool byAdministrator, CancellationToken cancellationToken)
    {
        if (user.Email is null)
        {
            return;
        }

        var (workspace, _) = await WhereAsync(user.TenantId, "/", cancellationToken);
        db.EmailOutbox.Add(AccountEmails.AccountDeleted(user.TenantId, workspace, user.Email, byAdministrator, clock.GetUtcNow()));
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
