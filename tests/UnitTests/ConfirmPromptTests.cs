using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.UnitTests;

public sealed class ConfirmPromptTests
{
    [Theory]
    [InlineData(1, "Ends 1 session: this one. You'll sign in again here.")]
    [InlineData(3, "Ends 3 sessions, including this one. You'll sign in again on every device.")]
    public void SignOutEverywhereNamesHowManySessionsEnd(int sessions, string impact)
    {
        Assert.Equal(impact, ConfirmPrompt.SignOutEverywhere(sessions).Impact);
    }

    [Fact]
    public void BanWithNoLiveSessionSaysSo()
    {
        var prompt = ConfirmPrompt.Ban("Bob", 0, new Dictionary<string, string>());

        Assert.Equal("Bob can't sign in to this workspace until you lift the ban. No session is live.", prompt.Impact);
    }

    [Fact]
    public void SuspendQuotesTheReasonOnlyWhenThereIsOne()
    {
        var withReason = ConfirmPrompt.Suspend(Guid.NewGuid(), "Globex", 2, 1, "  Unpaid invoice ");
        var without = ConfirmPrompt.Suspend(Guid.NewGuid(), "Globex", 2, 1, "  ");

        Assert.Equal("Unpaid invoice", withReason.Quote);
        Assert.Null(without.Quote);
        Assert.Equal("Ends 2 sessions in Globex at once, and refuses sign-in to its 1 member until you reactivate it.", withReason.Impact);
    }
}
