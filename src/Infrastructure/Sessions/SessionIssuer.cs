using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Sessions;

public sealed class SessionIssuer(AppDbContext db, IOptions<SessionEngineOptions> options, TimeProvider clock) : ISessionIssuer
{
    public async Task<IssuedSession> IssueAsync(ApplicationUser user, TenantInfo? tenant, bool persistent, ClientInfo client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await ApplyConcurrencyCapAsync(user, tenant, now, cancellationToken);

        var sessionId = Guid.CreateVersion7(now);
        var (token, hash) = SessionToken.Generate(sessionId);
        var session = new Session(
            sessionId,
            hash,
            tenant?.Id,
            user.Id,
            SessionLifetime.Start(now, options.Value.TimeoutsFor(tenant), persistent),
            client.IpAddress,
            client.UserAgent,
            DeviceLabel.Describe(client.UserAgent),
            persistent);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedSession(session, user, token);
    }

    public async Task<IssuedSession> ReauthenticateAsync(ApplicationUser user, Guid sessionId, TenantInfo? tenant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenantId = tenant?.Id;
        var session = await db.Sessions.IgnoreQueryFilters()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == user.Id && s.TenantId == tenantId, cancellationToken);
        if (session is null || !session.IsLive(now) || now >= session.AbsoluteExpiresAt)
        {
            throw new SessionErrorException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.", 401);
        }

        var (token, hash) = SessionToken.Generate(session.Id);
        var expiresAt = SessionLifetime.SlideExpiry(now, session.AbsoluteExpiresAt, options.Value.TimeoutsFor(tenant), session.IsPersistent);
        session.Reauthenticate(hash, now, new SessionLifetime(now, expiresAt, session.AbsoluteExpiresAt));
        db.RevocationFeed.Add(new RevocationEntry(RevocationKind.User, user.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedSession(session, user, token);
    }

    private async Task ApplyConcurrencyCapAsync(ApplicationUser user, TenantInfo? tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Value.MaxConcurrentSessionsFor(tenant) is not { } cap || cap <= 0)
        {
            return;
        }

        var live = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.UserId == user.Id)
            .OrderBy(s => s.CreatedAt)
            .ToListAsync(cancellationToken);
        if (live.Count < cap)
        {
            return;
        }

        if (tenant?.Policy.ConcurrentSessionAction == ConcurrentSessionAction.RefuseNew)
        {
            throw new SessionErrorException(
                ErrorCodes.ConcurrentSessionLimit,
                $"You are already signed in on {cap} {(cap == 1 ? "device" : "devices")}, the most this workspace allows. Sign out on one of them first.",
                409);
        }

        foreach (var oldest in live.Take(live.Count - cap + 1))
        {
            oldest.Revoke(now, null, RevokeReasons.ConcurrencyLimit);
            db.RevocationFeed.Add(new RevocationEntry(RevocationKind.Session, oldest.Id, now));
        }
    }
}
