using TenantSessions.Infrastructure.SessionEngine.Feed;

namespace TenantSessions.Web.MultiNodeTests.Feed;

public sealed class FeedCursorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConsecutiveIdsLeaveNoGap()
    {
        var cursor = new FeedCursor();

        foreach (var id in new long[] { 1, 2, 3 })
        {
            cursor.Observe(id, Now);
        }

        Assert.Equal(3, cursor.Watermark);
        Assert.Empty(cursor.Gaps);
    }

    [Fact]
    public void ASkippedIdIsAGapUntilItIsRead()
    {
        var cursor = new FeedCursor();
        cursor.Reset(10);

        cursor.Observe(14, Now);
        cursor.Observe(12, Now);

        Assert.Equal(14, cursor.Watermark);
        Assert.Equal([new FeedGap(11, 11, Now), new FeedGap(13, 13, Now)], cursor.Gaps.OrderBy(g => g.From));
        Assert.Equal((11, 11), cursor.Slot(0));
        Assert.Equal((1, 0), cursor.Slot(FeedCursor.MaxGaps - 1));
    }

    [Fact]
    public void GapsExpire()
    {
        var cursor = new FeedCursor();
        cursor.Observe(3, Now);
        cursor.Observe(6, Now.AddSeconds(10));

        cursor.Expire(Now.AddSeconds(5));

        Assert.Equal([new FeedGap(4, 5, Now.AddSeconds(10))], cursor.Gaps);
    }

    [Fact]
    public void BeyondTheLimitTheClosestGapsMergeSoNoMissingIdIsForgotten()
    {
        var cursor = new FeedCursor();
        var missing = new List<long>();
        long id = 0;
        foreach (var step in new[] { 2, 10, 2, 10, 3, 10 })
        {
            missing.Add(id + 1);
            id += step;
            cursor.Observe(id, Now);
        }

        Assert.Equal(FeedCursor.MaxGaps, cursor.Gaps.Count);
        Assert.All(missing, m => Assert.Contains(cursor.Gaps, g => g.From <= m && m <= g.To));
    }
}
