using TenantSessions.Domain.Sessions;

namespace TenantSessions.UnitTests;

public sealed class SessionLifetimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static readonly SessionTimeouts Defaults = new(
        ExpiresIn: TimeSpan.FromDays(7),
        UpdateAge: TimeSpan.FromDays(1),
        FreshAge: TimeSpan.FromDays(1),
        AbsoluteLifetime: TimeSpan.FromDays(30),
        NonPersistentExpiresIn: TimeSpan.FromDays(1));

    [Fact]
    public void ANewSessionExpiresAfterExpiresInAndIsCappedAtTheAbsoluteLifetime()
    {
        var lifetime = SessionLifetime.Start(Now, Defaults, persistent: true);

        Assert.Equal(Now.AddDays(7), lifetime.ExpiresAt);
        Assert.Equal(Now.AddDays(30), lifetime.AbsoluteExpiresAt);
    }

    [Fact]
    public void ASessionIsIdleOnceItsLastUseIsTheIdleTimeoutAgoAndNeverWithoutOne()
    {
        var idle = Defaults with { IdleTimeout = TimeSpan.FromMinutes(30) };

        Assert.False(SessionLifetime.IsIdle(Now.AddMinutes(-30).AddTicks(1), Now, idle));
        Assert.True(SessionLifetime.IsIdle(Now.AddMinutes(-30), Now, idle));
        Assert.False(SessionLifetime.IsIdle(Now.AddDays(-6), Now, Defaults));
    }

    [Fact]
    public void ACacheCookieNeverOutlivesTheIdleTimeoutTheCacheMaxAgeOrTheSession()
    {
        var idle = Defaults with { IdleTimeout = TimeSpan.FromMinutes(10) };

        Assert.Equal(Now.AddMinutes(10), SessionLifetime.CacheExpiry(Now, TimeSpan.FromHours(1), Now.AddDays(7), idle));
        Assert.Equal(Now.AddMinutes(5), SessionLifetime.CacheExpiry(Now, TimeSpan.FromMinutes(5), Now.AddDays(7), idle));
        Assert.Equal(Now.AddMinutes(2), SessionLifetime.CacheExpiry(Now, TimeSpan.FromMinutes(5), Now.AddMinutes(2), idle));
        Assert.Equal(Now.AddHours(1), SessionLifetime.CacheExpiry(Now, TimeSpan.FromHours(1), Now.AddDays(7), Defaults));
    }

    [Fact]
    public void WithoutRememberMeASessionLastsOneDay()
    {
        var lifetime = SessionLifetime.Start(Now, Defaults, persistent: false);

        Assert.Equal(Now.AddDays(1), lifetime.ExpiresAt);
    }

    [Fact]
    public void AnAbsoluteLifetimeShorterThanExpiresInWins()
    {
        var lifetime = SessionLifetime.Start(Now, Defaults with { AbsoluteLifetime = TimeSpan.FromHours(2) }, persistent: true);

        Assert.Equal(Now.AddHours(2), lifetime.ExpiresAt);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(23 * 60, false)]
    [InlineData(24 * 60 - 1, false)]
    [InlineData(24 * 60, true)]
    [InlineData(3 * 24 * 60, true)]
    public void ARefreshIsDueOnlyOnceUpdateAgeHasPassed(int minutesSinceUpdate, bool due)
    {
        Assert.Equal(due, SessionLifetime.IsRefreshDue(Now, Now.AddMinutes(minutesSinceUpdate), Defaults));
    }

    [Fact]
    public void SlidingMovesTheExpiryToNowPlusExpiresIn()
    {
        var absolute = Now.AddDays(30);

        var slid = SessionLifetime.SlideExpiry(Now.AddDays(2), absolute, Defaults, persistent: true);

        Assert.Equal(Now.AddDays(9), slid);
    }

    [Fact]
    public void SlidingNeverPassesTheAbsoluteCap()
    {
        var absolute = Now.AddDays(30);
        var expiresAt = Now.AddDays(7);

        for (var day = 1; day <= 40; day++)
        {
            var now = Now.AddDays(day);
            if (now >= expiresAt)
            {
                break;
            }

            expiresAt = SessionLifetime.SlideExpiry(now, absolute, Defaults, persistent: true);
            Assert.True(expiresAt <= absolute);
        }

        Assert.Equal(absolute, expiresAt);
    }

    [Fact]
    public void ALifetimeCannotExpireAfterItsAbsoluteCap()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLifetime(Now, Now.AddDays(8), Now.AddDays(7)));
        Assert.Equal(Now.AddDays(7), new SessionLifetime(Now, Now.AddDays(7), Now.AddDays(7)).ExpiresAt);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(24 * 60, true)]
    [InlineData(24 * 60 + 1, false)]
    public void ASessionIsFreshWithinFreshAgeOfThePasswordCheck(int minutesSincePassword, bool fresh)
    {
        Assert.Equal(fresh, SessionLifetime.IsFresh(Now, Now.AddMinutes(minutesSincePassword), Defaults));
    }
}
