using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.UnitTests;

/// <summary>
/// The validity rule as a table: every input that decides the outcome, on both paths. The cache path may only accept
/// (with no write) or ask the database; the database path accepts, refreshes or rejects with a reason.
/// </summary>
public sealed class SessionValidityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionTimeouts Timeouts = new(TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(30), TimeSpan.FromDays(1));
    private static readonly Guid SessionId = Guid.CreateVersion7();
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly Guid TenantId = Guid.CreateVersion7();

    public enum Case
    {
        Valid,
        Revoked,
        RevokedBySuspension,
        TenantSuspendedOnTheRow,
        TenantSuspendedNow,
        Banned,
        Expired,
        PastAbsoluteCap,
        RefreshDue,
        TenantVersionChanged,
        FeedNotTrusted,
        SessionInFeed,
        UserNotBeforeAfterIssue,
        UserNotBeforeLongBeforeIssue,
        TenantNotBeforeAfterIssue,
        Idle,
        UsedWithinTheIdleTimeout,
        IdleAndExpired,
        IdleAndRevoked,
    }

    public static TheoryData<Case, SessionSource, SessionVerdict, string?, CacheFallback> Table => new()
    {
        { Case.Valid, SessionSource.CacheCookie, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.Valid, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.Revoked, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionRevoked, CacheFallback.None },
        { Case.RevokedBySuspension, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.TenantSuspended, CacheFallback.None },
        { Case.TenantSuspendedOnTheRow, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.TenantSuspended, CacheFallback.None },
        { Case.TenantSuspendedOnTheRow, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.Ended },
        { Case.TenantSuspendedNow, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.Ended },
        { Case.TenantSuspendedNow, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.Banned, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionRevoked, CacheFallback.None },
        { Case.Expired, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionExpired, CacheFallback.None },
        { Case.Expired, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.Ended },
        { Case.PastAbsoluteCap, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionExpired, CacheFallback.None },
        { Case.PastAbsoluteCap, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.Ended },
        { Case.RefreshDue, SessionSource.Database, SessionVerdict.AcceptAndRefresh, null, CacheFallback.None },
        { Case.RefreshDue, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.RefreshDue },
        { Case.TenantVersionChanged, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.TenantChanged },
        { Case.TenantVersionChanged, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.FeedNotTrusted, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.FeedNotTrusted },
        { Case.FeedNotTrusted, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.SessionInFeed, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.RevokedInFeed },
        { Case.SessionInFeed, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.UserNotBeforeAfterIssue, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.RevokedInFeed },
        { Case.UserNotBeforeAfterIssue, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.UserNotBeforeLongBeforeIssue, SessionSource.CacheCookie, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.TenantNotBeforeAfterIssue, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.RevokedInFeed },
        { Case.Idle, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.IdleTimeout, CacheFallback.None },
        { Case.Idle, SessionSource.CacheCookie, SessionVerdict.AskDatabase, null, CacheFallback.Ended },
        { Case.UsedWithinTheIdleTimeout, SessionSource.Database, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.UsedWithinTheIdleTimeout, SessionSource.CacheCookie, SessionVerdict.Accept, null, CacheFallback.None },
        { Case.IdleAndExpired, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionExpired, CacheFallback.None },
        { Case.IdleAndRevoked, SessionSource.Database, SessionVerdict.Reject, ErrorCodes.SessionRevoked, CacheFallback.None },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void TheRuleDecidesEveryCase(Case input, SessionSource source, SessionVerdict verdict, string? failureCode, CacheFallback fallback)
    {
        var (facts, check) = Arrange(input, source);

        var decision = SessionValidity.Decide(facts, check);

        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(failureCode, decision.FailureCode);
        Assert.Equal(fallback, decision.Fallback);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void TheCachePathNeverRejectsOrWrites(Case input, SessionSource source, SessionVerdict verdict, string? failureCode, CacheFallback fallback)
    {
        _ = (source, verdict, failureCode, fallback);
        var (facts, check) = Arrange(input, SessionSource.CacheCookie);

        var decision = SessionValidity.Decide(facts, check);

        Assert.Contains(decision.Verdict, new[] { SessionVerdict.Accept, SessionVerdict.AskDatabase });
    }

    [Fact]
    public void ABanReachesTheCachePathThroughTheUserNotBefore()
    {
        var (facts, check) = Arrange(Case.Banned, SessionSource.CacheCookie);
        var feed = Feed();
        feed.Apply(new RevocationEntry(RevocationKind.User, UserId, Now.AddSeconds(-30)));

        var decision = SessionValidity.Decide(facts, check with { Feed = feed });

        Assert.Equal(SessionVerdict.AskDatabase, decision.Verdict);
        Assert.Equal(CacheFallback.RevokedInFeed, decision.Fallback);
    }

    private static (SessionFacts Facts, SessionCheck Check) Arrange(Case input, SessionSource source)
    {
        var issuedAt = Now.AddMinutes(-1);
        var facts = new SessionFacts(
            source, SessionId, UserId, TenantId, UpdatedAt: Now.AddHours(-2), ExpiresAt: Now.AddDays(6), AbsoluteExpiresAt: Now.AddDays(20),
            TenantStatus.Active, TenantVersion: 4, CacheIssuedAt: source == SessionSource.CacheCookie ? issuedAt : default);
        var tenant = new TenantInfo(TenantId, "acme", "Acme Corp", TenantStatus.Active, null, 4, new TenantSessionPolicy());
        var feed = Feed();

        var timeouts = Timeouts;
        var idle = Timeouts with { IdleTimeout = TimeSpan.FromMinutes(30) };
        switch (input)
        {
            case Case.Idle:
                (facts, timeouts) = (facts with { LastUsedAt = Now.AddMinutes(-30), CacheIssuedAt = source == SessionSource.CacheCookie ? Now.AddMinutes(-30) : default }, idle);
                break;
            case Case.UsedWithinTheIdleTimeout:
                (facts, timeouts) = (facts with { LastUsedAt = Now.AddMinutes(-29) }, idle);
                break;
            case Case.IdleAndExpired:
                (facts, timeouts) = (facts with { LastUsedAt = Now.AddHours(-1), ExpiresAt = Now }, idle);
                break;
            case Case.IdleAndRevoked:
                (facts, timeouts) = (facts with { LastUsedAt = Now.AddHours(-1), RevokedAt = Now.AddMinutes(-40), RevokeReason = RevokeReasons.RevokedByAdmin }, idle);
                break;
            case Case.Revoked:
                facts = facts with { RevokedAt = Now.AddMinutes(-3), RevokeReason = RevokeReasons.RevokedByAdmin };
                break;
            case Case.RevokedBySuspension:
                facts = facts with { RevokedAt = Now.AddMinutes(-3), RevokeReason = RevokeReasons.TenantSuspended };
                break;
            case Case.TenantSuspendedOnTheRow:
                facts = facts with { TenantStatus = TenantStatus.Suspended };
                break;
            case Case.TenantSuspendedNow:
                tenant = tenant with { Status = TenantStatus.Suspended };
                break;
            case Case.Banned:
                facts = facts with { UserBanned = true };
                break;
            case Case.Expired:
                facts = facts with { ExpiresAt = Now };
                break;
            case Case.PastAbsoluteCap:
                facts = facts with { AbsoluteExpiresAt = Now.AddSeconds(-1) };
                break;
            case Case.RefreshDue:
                facts = facts with { UpdatedAt = Now - Timeouts.UpdateAge };
                break;
            case Case.TenantVersionChanged:
                tenant = tenant with { Version = 5 };
                break;
            case Case.FeedNotTrusted:
                feed.SetTrustSource(static () => false);
                break;
            case Case.SessionInFeed:
                feed.Apply(new RevocationEntry(RevocationKind.Session, SessionId, Now.AddSeconds(-10)));
                break;
            case Case.UserNotBeforeAfterIssue:
                feed.Apply(new RevocationEntry(RevocationKind.User, UserId, issuedAt.AddSeconds(1)));
                break;
            case Case.UserNotBeforeLongBeforeIssue:
                feed.Apply(new RevocationEntry(RevocationKind.User, UserId, issuedAt - RevocationList.CommitMargin - TimeSpan.FromSeconds(1)));
                break;
            case Case.TenantNotBeforeAfterIssue:
                feed.Apply(new RevocationEntry(RevocationKind.Tenant, TenantId, issuedAt.AddSeconds(1)));
                break;
        }

        return (facts, new SessionCheck(Now, timeouts, tenant, feed));
    }

    private static RevocationList Feed() =>
        new(new NoTenants(), Options.Create(new SessionEngineOptions()), new FakeTimeProvider(Now));

    private sealed class NoTenants : ITenantStore
    {
        public ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken) => ValueTask.FromResult<TenantInfo?>(null);

        public ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) => ValueTask.FromResult<TenantInfo?>(null);

        public void Invalidate(Guid tenantId)
        {
        }
    }
}
