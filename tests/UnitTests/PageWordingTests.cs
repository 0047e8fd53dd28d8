using TenantSessions.Domain.Sessions;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.UnitTests;

public sealed class PageWordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(180, "3 minutes ago")]
    [InlineData(44 * 60, "44 minutes ago")]
    [InlineData(50 * 60, "1 hour ago")]
    [InlineData(5 * 3600, "5 hours ago")]
    [InlineData(30 * 3600, "1 day ago")]
    [InlineData(6 * 86400, "6 days ago")]
    [InlineData(-7 * 86400, "in 7 days")]
    [InlineData(-20, "in a moment")]
    [InlineData(90 * 86400, "on 29 Aug 2026")]
    public void MomentsAreSaidTheWayPeopleSayThem(int secondsAgo, string expected)
    {
        Assert.Equal(expected, RelativeTime.Describe(Now.AddSeconds(-secondsAgo), Now));
    }

    [Fact]
    public void AbsoluteTimesAreUtcWhateverTheOffset()
    {
        var moment = new DateTimeOffset(2026, 11, 27, 10, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal(("27 Nov 2026, 08:30 UTC", "2026-11-27T08:30:00Z"), (RelativeTime.Absolute(moment), RelativeTime.Iso(moment)));
    }

    [Theory]
    [InlineData(7 * 24 * 60, "7 days")]
    [InlineData(24 * 60, "1 day")]
    [InlineData(36 * 60, "1 day 12 hours")]
    [InlineData(90, "1 hour 30 minutes")]
    [InlineData(5, "5 minutes")]
    public void DurationsAreDescribedInWords(int minutes, string expected)
    {
        Assert.Equal(expected, Durations.Describe(TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData(30, "30 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(59.2, "59 seconds")]
    [InlineData(0.4, "1 second")]
    public void ADurationUnderAMinuteIsNeverZeroMinutes(double seconds, string expected)
    {
        Assert.Equal(expected, Durations.Describe(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(7 * 24 * 60, 7, Durations.Days)]
    [InlineData(12 * 60, 12, Durations.Hours)]
    [InlineData(90, 90, Durations.Minutes)]
    public void AFormShowsADurationInTheLargestExactUnit(int minutes, int amount, string unit)
    {
        Assert.Equal(((decimal)amount, unit), Durations.Split(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void FormValuesBecomeDurationsAndEmptyMeansTheDefault()
    {
        Assert.Equal(TimeSpan.FromHours(12), Durations.Combine(12, Durations.Hours));
        Assert.Equal(TimeSpan.FromHours(36), Durations.Combine(1.5m, Durations.Days));
        Assert.Equal(TimeSpan.FromMinutes(45), Durations.Combine(45, Durations.Minutes));
        Assert.Null(Durations.Combine(null, Durations.Days));
        Assert.True(Durations.Combine(-1, Durations.Days) < TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromDays(3650), Durations.Combine(1_000_000, Durations.Days));
    }

    [Theory]
    [InlineData(RevokeReasons.SignedOut, "Signed out")]
    [InlineData(RevokeReasons.RevokedByUser, "Ended from another device")]
    [InlineData(RevokeReasons.RevokedByAdmin, "Ended by an administrator")]
    [InlineData(RevokeReasons.RevokedByPlatform, "Ended by the platform's administrators")]
    [InlineData(RevokeReasons.TenantSuspended, "Workspace suspended")]
    [InlineData(RevokeReasons.ConcurrencyLimit, "Too many devices signed in")]
    [InlineData(RevokeReasons.PasswordChanged, "Password changed")]
    [InlineData(RevokeReasons.UserLocked, "Account disabled")]
    [InlineData(RevokeReasons.Expired, "Expired")]
    [InlineData(RevokeReasons.IdleTimeout, "Signed out after inactivity")]
    [InlineData("SOMETHING_NEW", "Ended")]
    public void EndedSessionsNameTheirReasonInWords(string reason, string expected)
    {
        Assert.Equal(expected, SessionMessages.Ended(reason));
    }

    [Fact]
    public void AnIdleSignOutQuotesTheWorkspacesLimit()
    {
        Assert.Equal("You were signed out after 30 minutes of inactivity. Sign in again to continue.",
            SessionMessages.For("IDLE_TIMEOUT", RevokeReasons.IdleTimeout, null, TimeSpan.FromMinutes(30)));
        Assert.Equal("You were signed out after 1 hour 30 minutes of inactivity. Sign in again to continue.",
            SessionMessages.For("IDLE_TIMEOUT", null, null, TimeSpan.FromMinutes(90)));
        Assert.Equal("You were signed out after a period of inactivity. Sign in again to continue.",
            SessionMessages.For("SESSION_REVOKED", RevokeReasons.IdleTimeout, null));
    }
}
