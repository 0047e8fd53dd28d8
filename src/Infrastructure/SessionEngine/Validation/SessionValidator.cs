using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.LastSeen;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Infrastructure.SessionEngine.Validation;

/// <summary>
/// The database path of session validation: one query by session id (with user, roles and tenant), the verifier hash
/// compared in constant time, the facts judged by <see cref="SessionValidity"/> (the same rule the cache path uses),
/// then at most one UPDATE — the sliding refresh (once per <c>updateAge</c>) or the
/// last-seen stamp (once per <c>lastSeenResolution</c>). Both UPDATEs are conditional on the value read, so concurrent requests and other
/// nodes never write twice.
/// <para>
/// Under an idle timeout, the last use is the later of the row's stamps and this node's unwritten one
/// (<see cref="LastSeenWriteBehind.LastRecorded"/>); a use this path does not write (within the resolution) goes to the
/// write-behind. A session idle for the limit is ended here, through the store (<c>IDLE_TIMEOUT</c>, the workspace
/// policy as its author, a feed entry and an audit event), in its own commit.
/// </para>
/// </summary>
internal sealed class SessionValidator(
    SessionRowReader rows, IServiceProvider services, ITenantStore tenantStore, IRevocationFeed feed, LastSeenWriteBehind lastSeen,
    IOptions<SessionEngineOptions> options, TimeProvider clock)
{
    /// <summary>The request's own context, for the rare UPDATE only: a read alone builds none.</summary>
    private AppDbContext Writer => services.GetRequiredService<AppDbContext>();

    public async Task<SessionValidation> ValidateAsync(PresentedToken token, TenantInfo? tenant, ClientInfo client, CancellationToken cancellationToken)
    {
        var row = await rows.ReadRowAsync(token.SessionId, cancellationToken);

        if (row is null || row.TenantId != tenant?.Id)
        {
            return SessionValidation.Unknown;
        }

        // The current verifier is compared first; the retired one only when it does not match (ADR-030).
        switch (Verifiers.Judge(token, row.TokenHash, row.RetiredTokenHash, row.TokenRotatedAt, clock.GetUtcNow(), options.Value.RetiredTokenGrace))
        {
            case VerifierState.Current:
                break;
            case VerifierState.RetiredInGrace:
                return SessionValidation.Superseded;
            case VerifierState.Retired:
                return await EndReplayedAsync(row, cancellationToken) ? SessionValidation.Rejected(ErrorCodes.SessionRevoked, RevokeReasons.TokenReplay) : SessionValidation.Unknown;
            default:
                return SessionValidation.Unknown;
        }

        if (tenant is not null && tenant.Version != row.TenantVersion)
        {
            tenantStore.Invalidate(tenant.Id);
        }

        var now = clock.GetUtcNow();
        var timeouts = options.Value.TimeoutsFor(tenant);
        var (revokedAt, revokeReason) = (row.RevokedAt, row.RevokeReason);
        if (revokedAt is null && row.TenantSessionsNotBefore is { } notBefore && row.CreatedAt < notBefore)
        {
            // Created before the tenant's reactivation: it slipped past the suspension (see Tenant.SessionsNotBefore).
            (revokedAt, revokeReason) = (notBefore, RevokeReasons.TenantSuspended);
        }

        var idleLimited = timeouts.IdleTimeout is not null;
        var facts = new SessionFacts(
            SessionSource.Database, row.Id, row.UserId, row.TenantId, row.UpdatedAt, row.ExpiresAt, row.AbsoluteExpiresAt,
            row.TenantStatus, row.TenantVersion, revokedAt, revokeReason, Bans.IsBanned(row.LockoutEnd),
            LastUsedAt: idleLimited ? LastUsedAt(row) : null);
        var decision = SessionValidity.Decide(facts, new SessionCheck(now, timeouts, tenant, feed));
        if (decision.Verdict == SessionVerdict.Reject)
        {
            if (decision.FailureCode == ErrorCodes.IdleTimeout)
            {
                await EndIdleAsync(row.Id, cancellationToken);
            }

            return SessionValidation.Rejected(decision.FailureCode!, decision.RevokeReason);
        }

        var updatedAt = row.UpdatedAt;
        var expiresAt = row.ExpiresAt;
        var refreshed = false;
        if (decision.Verdict == SessionVerdict.AcceptAndRefresh)
        {
            var slid = SessionLifetime.SlideExpiry(now, row.AbsoluteExpiresAt, timeouts, row.IsPersistent);
            refreshed = await Writer.Sessions.IgnoreQueryFilters()
                .Where(s => s.Id == row.Id && s.UpdatedAt == row.UpdatedAt)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(s => s.UpdatedAt, now)
                        .SetProperty(s => s.ExpiresAt, slid)
                        .SetProperty(s => s.LastSeenAt, now)
                        .SetProperty(s => s.IpAddress, client.IpAddress),
                    cancellationToken) == 1;
            if (refreshed)
            {
                updatedAt = now;
                expiresAt = slid;
            }
        }
        else if (now - row.LastSeenAt >= options.Value.LastSeenResolution)
        {
            await Writer.Sessions.IgnoreQueryFilters()
                .Where(s => s.Id == row.Id && s.LastSeenAt == row.LastSeenAt)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(s => s.LastSeenAt, now)
                        .SetProperty(s => s.IpAddress, client.IpAddress),
                    cancellationToken);
        }
        else if (idleLimited)
        {
            lastSeen.Record(row.Id, now);
        }

        var payload = new SessionPayload(
            row.Id, row.UserId, row.Email, row.DisplayName, row.Roles, row.TenantId, row.TenantSlug, row.TenantName, row.TenantStatus, row.TenantVersion,
            row.CreatedAt, updatedAt, row.AuthenticatedAt, expiresAt, row.AbsoluteExpiresAt, row.IsPersistent, row.IpAddress, row.UserAgent, row.ImpersonatedBy);
        return SessionValidation.Valid(payload, refreshed);
    }

    private DateTimeOffset LastUsedAt(SessionRow row)
    {
        var lastUsedAt = row.LastSeenAt > row.UpdatedAt ? row.LastSeenAt : row.UpdatedAt;
        return lastSeen.LastRecorded(row.Id) is { } recorded && recorded > lastUsedAt ? recorded : lastUsedAt;
    }

    /// <summary>
    /// A cookie with the verifier a rotation retired, presented after the grace: someone holds a copy of the old cookie.
    /// The session ends like any other end, through the store (<c>TOKEN_REPLAY</c>, no person as its author, a feed
    /// entry and an audit event), with a second audit event naming the replay for the admins and a notice to the
    /// person, in its own commit. A session already ended or run out is left as it is (nothing to steal).
    /// </summary>
    private async Task<bool> EndReplayedAsync(SessionRow row, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = await Writer.Sessions.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == row.Id, cancellationToken);
        if (session is null || !session.IsLive(now) || now >= session.AbsoluteExpiresAt)
        {
            return false;
        }

        var store = services.GetRequiredService<ISessionStore>();
        if (store.Revoke([session], new SessionEnd(RevokeReasons.TokenReplay, null)).Count == 0)
        {
            return false;
        }

        store.Record(AuditActions.TokenReplayed, session.TenantId, session.UserId, session.Id, $"retired {session.TokenRotatedAt:u}", actorUserId: null);
        var user = await Writer.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        if (user is not null)
        {
            await services.GetRequiredService<AccountNotices>().TokenReplayedAsync(user, session, services.GetRequiredService<IRequestAddress>().IpAddress, cancellationToken);
        }

        await services.GetRequiredService<IUnitOfWork>().CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Ends an idle session like any other end: through the store, committed by the request's unit of work (the session
    /// row, its feed entry, the audit event), so its history says why. A session another request ended meanwhile is
    /// skipped by the store.
    /// </summary>
    private async Task EndIdleAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await Writer.Sessions.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return;
        }

        services.GetRequiredService<ISessionStore>().Revoke([session], SessionEnd.Policy(RevokeReasons.IdleTimeout));
        await services.GetRequiredService<IUnitOfWork>().CommitAsync(cancellationToken);
    }
}

/// <summary>The outcome of a database validation: a valid session, a known session that must be refused (with why), or nothing we know.</summary>
internal sealed record SessionValidation(SessionPayload? Payload, string? FailureCode, string? RevokeReason, bool Refreshed)
{
    public static readonly SessionValidation Unknown = new(null, null, null, false);

    /// <summary>
    /// The verifier a rotation retired moments ago: a request sent with the old cookie just before the new one arrived.
    /// No session for this request, but the cookies are left alone: clearing them would delete the new cookie the
    /// browser may already hold (ADR-030).
    /// </summary>
    public static readonly SessionValidation Superseded = new(null, null, null, false) { KeepCookies = true };

    public bool KeepCookies { get; private init; }

    public static SessionValidation Valid(SessionPayload payload, bool refreshed) => new(payload, null, null, refreshed);

    public static SessionValidation Rejected(string code, string? revokeReason) => new(null, code, revokeReason, false);
}
