using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Models;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Infrastructure.SessionEngine.Validation;

/// <summary>Where the facts about a session come from.</summary>
public enum SessionSource
{
    /// <summary>A cache cookie that opened: what the session was when the cookie was minted.</summary>
    CacheCookie,

    /// <summary>The session row, its user and its tenant, read just now.</summary>
    Database,
}

/// <summary>Why a cache cookie was not enough and the database was asked.</summary>
public enum CacheFallback
{
    None,
    FeedNotTrusted,
    RevokedInFeed,
    TenantChanged,
    RefreshDue,
    Ended,
}

public enum SessionVerdict
{
    /// <summary>Use the session as it is.</summary>
    Accept,

    /// <summary>Use the session, and slide its expiry now (database path only).</summary>
    AcceptAndRefresh,

    /// <summary>The cache cookie cannot decide: read the row.</summary>
    AskDatabase,

    /// <summary>The session must not be used: clear the cookies and say why.</summary>
    Reject,
}

/// <summary>Everything about one session that decides whether it may be used, as one of the two paths knows it.</summary>
/// <param name="LastUsedAt">
/// The session's last known use, for the idle timeout: on the database path the later of the row's last refresh and
/// last-seen stamp and this node's stamp not yet written; on the cache path the instant the cookie was minted (a use).
/// Null: not known, no idle check.
/// </param>
internal readonly record struct SessionFacts(
    SessionSource Source,
    Guid SessionId,
    Guid UserId,
    Guid? TenantId,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    TenantStatus? TenantStatus,
    int TenantVersion,
    DateTimeOffset? RevokedAt = null,
    string? RevokeReason = null,
    bool UserBanned = false,
    DateTimeOffset CacheIssuedAt = default,
    DateTimeOffset? LastUsedAt = null)
{
    public static SessionFacts FromCache(CachedSession cached)
    {
        var p = cached.Payload;
        return new SessionFacts(
            SessionSource.CacheCookie, p.SessionId, p.UserId, p.TenantId, p.UpdatedAt, p.ExpiresAt, p.AbsoluteExpiresAt,
            p.TenantStatus, p.TenantVersion, CacheIssuedAt: cached.IssuedAt, LastUsedAt: cached.IssuedAt);
    }
}

/// <summary>What the request knows besides the session: the time, the tenant's policy and version, the feed.</summary>
internal readonly record struct SessionCheck(DateTimeOffset Now, SessionTimeouts Timeouts, TenantInfo? Tenant, IRevocationFeed Feed);

internal readonly record struct SessionDecision(SessionVerdict Verdict, string? FailureCode = null, string? RevokeReason = null, CacheFallback Fallback = CacheFallback.None);

/// <summary>
/// The validity rule of a session, one pure function for both request paths. The facts of a cache cookie can only
/// ever be accepted as they are: anything the rule would not accept without a write (ended, refresh due, tenant
/// changed) sends the request to the database, whose facts then decide with the same rule. A cache cookie is also sent
/// to the database whenever this node cannot trust its revocation feed, or the feed has an entry against it (the
/// session, or a user or tenant "not before" at or after the cookie was minted).
/// <para>
/// A session not used for the idle timeout is refused with <c>IDLE_TIMEOUT</c> (the database path then ends it). A
/// cache cookie never outlives the idle timeout (<see cref="SessionLifetime.CacheExpiry"/>), so on the cache path the
/// check only matters when the policy was tightened since the cookie was minted; it then asks the database.
/// </para>
/// </summary>
internal static class SessionValidity
{
    public static SessionDecision Decide(in SessionFacts facts, in SessionCheck check)
    {
        if (facts.Source == SessionSource.CacheCookie)
        {
            if (!check.Feed.IsTrusted)
            {
                return AskDatabase(CacheFallback.FeedNotTrusted);
            }

            if (check.Feed.IsRevoked(facts.SessionId, facts.UserId, facts.TenantId, facts.CacheIssuedAt))
            {
                return AskDatabase(CacheFallback.RevokedInFeed);
            }
        }

        var decision = DecideOnFacts(facts, check);
        if (facts.Source == SessionSource.CacheCookie && decision.Verdict != SessionVerdict.Accept)
        {
            return AskDatabase(decision.Verdict == SessionVerdict.AcceptAndRefresh ? CacheFallback.RefreshDue
                : decision.Fallback != CacheFallback.None ? decision.Fallback : CacheFallback.Ended);
        }

        return decision;
    }

    private static SessionDecision DecideOnFacts(in SessionFacts facts, in SessionCheck check)
    {
        if (facts.RevokedAt is not null)
        {
            var code = facts.RevokeReason == RevokeReasons.TenantSuspended ? ErrorCodes.TenantSuspended : ErrorCodes.SessionRevoked;
            return new SessionDecision(SessionVerdict.Reject, code, facts.RevokeReason);
        }

        if (facts.TenantStatus == TenantStatus.Suspended || (facts.Source == SessionSource.CacheCookie && check.Tenant is { IsActive: false }))
        {
            return new SessionDecision(SessionVerdict.Reject, ErrorCodes.TenantSuspended, RevokeReasons.TenantSuspended);
        }

        if (facts.UserBanned)
        {
            return new SessionDecision(SessionVerdict.Reject, ErrorCodes.SessionRevoked, RevokeReasons.UserLocked);
        }

        if (check.Now >= facts.ExpiresAt || check.Now >= facts.AbsoluteExpiresAt)
        {
            return new SessionDecision(SessionVerdict.Reject, ErrorCodes.SessionExpired);
        }

        if (facts.LastUsedAt is { } lastUsedAt && SessionLifetime.IsIdle(lastUsedAt, check.Now, check.Timeouts))
        {
            return new SessionDecision(SessionVerdict.Reject, ErrorCodes.IdleTimeout, RevokeReasons.IdleTimeout);
        }

        if (check.Tenant is { } tenant && tenant.Version != facts.TenantVersion && facts.Source == SessionSource.CacheCookie)
        {
            return AskDatabase(CacheFallback.TenantChanged);
        }

        return SessionLifetime.IsRefreshDue(facts.UpdatedAt, check.Now, check.Timeouts)
            ? new SessionDecision(SessionVerdict.AcceptAndRefresh)
            : new SessionDecision(SessionVerdict.Accept);
    }

    private static SessionDecision AskDatabase(CacheFallback why) => new(SessionVerdict.AskDatabase, Fallback: why);
}
