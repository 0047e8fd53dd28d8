using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Infrastructure.SessionEngine.Validation;

/// <summary>
/// The database path of session validation: one query by session id (with user, roles and tenant), the verifier hash
/// compared in constant time, the facts judged by <see cref="SessionValidity"/> (the same rule the cache path uses),
/// then at most one UPDATE — the sliding refresh (once per <c>updateAge</c>) or the
/// last-seen stamp (once per <c>lastSeenResolution</c>). Both UPDATEs are conditional on the value read, so concurrent requests and other
/// nodes never write twice.
/// </summary>
internal sealed class SessionValidator(
    SessionRowReader rows, IServiceProvider services, ITenantStore tenantStore, IRevocationFeed feed, IOptions<SessionEngineOptions> options, TimeProvider clock)
{
    /// <summary>The request's own context, for the rare UPDATE only: a read alone builds none.</summary>
    private AppDbContext Writer => services.GetRequiredService<AppDbContext>();

    public async Task<SessionValidation> ValidateAsync(PresentedToken token, TenantInfo? tenant, ClientInfo client, CancellationToken cancellationToken)
    {
        var row = await rows.ReadRowAsync(token.SessionId, cancellationToken);

        if (row is null || !token.Verifies(row.TokenHash) || row.TenantId != tenant?.Id)
        {
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

        var facts = new SessionFacts(
            SessionSource.Database, row.Id, row.UserId, row.TenantId, row.UpdatedAt, row.ExpiresAt, row.AbsoluteExpiresAt,
            row.TenantStatus, row.TenantVersion, revokedAt, revokeReason, Bans.IsBanned(row.LockoutEnd));
        var decision = SessionValidity.Decide(facts, new SessionCheck(now, timeouts, tenant, feed));
        if (decision.Verdict == SessionVerdict.Reject)
        {
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

        var payload = new SessionPayload(
            row.Id, row.UserId, row.Email, row.DisplayName, row.Roles, row.TenantId, row.TenantSlug, row.TenantName, row.TenantStatus, row.TenantVersion,
            row.CreatedAt, updatedAt, row.AuthenticatedAt, expiresAt, row.AbsoluteExpiresAt, row.IsPersistent, row.IpAddress, row.UserAgent, row.ImpersonatedBy);
        return SessionValidation.Valid(payload, refreshed);
    }
}

/// <summary>The outcome of a database validation: a valid session, a known session that must be refused (with why), or nothing we know.</summary>
internal sealed record SessionValidation(SessionPayload? Payload, string? FailureCode, string? RevokeReason, bool Refreshed)
{
    public static readonly SessionValidation Unknown = new(null, null, null, false);

    public static SessionValidation Valid(SessionPayload payload, bool refreshed) => new(payload, null, null, refreshed);

    public static SessionValidation Rejected(string code, string? revokeReason) => new(null, code, revokeReason, false);
}
