namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary>
/// Where a poller stands in the feed table: every id up to <see cref="Watermark"/> has been read, except the open
/// <see cref="Gaps"/>. The database hands out ids at insert and rows become visible at commit, so a transaction that
/// took id 10 can commit after the one that took id 11 has been read; 10 is then a gap, re-read on every poll until
/// it shows up or is older than the gap timeout (a rolled-back insert never shows up). At most <see cref="MaxGaps"/>
/// ranges are kept: beyond that the two closest merge, which only re-reads a few rows already applied.
/// </summary>
internal sealed class FeedCursor
{
    public const int MaxGaps = 4;

    private readonly List<FeedGap> _gaps = [];

    public long Watermark { get; private set; }

    public IReadOnlyList<FeedGap> Gaps => _gaps;

    public void Reset(long watermark)
    {
        Watermark = watermark;
        _gaps.Clear();
    }

    /// <summary>Records a row read from the feed (rows of one read arrive in ascending id order).</summary>
    public void Observe(long id, DateTimeOffset now)
    {
        if (id <= Watermark)
        {
            Fill(id);
            return;
        }

        if (id > Watermark + 1)
        {
            _gaps.Add(new FeedGap(Watermark + 1, id - 1, now));
            MergeWhileTooMany();
        }

        Watermark = id;
    }

    /// <summary>Stops re-reading gaps opened before <paramref name="openedBefore"/>.</summary>
    public void Expire(DateTimeOffset openedBefore) => _gaps.RemoveAll(g => g.OpenedAt < openedBefore);

    /// <summary>The bounds of gap <paramref name="slot"/> for a query with a fixed number of ranges; an empty range when there is none.</summary>
    public (long From, long To) Slot(int slot) => slot < _gaps.Count ? (_gaps[slot].From, _gaps[slot].To) : (1, 0);

    private void Fill(long id)
    {
        var index = _gaps.FindIndex(g => g.From <= id && id <= g.To);
        if (index < 0)
        {
            return;
        }

        var gap = _gaps[index];
        _gaps.RemoveAt(index);
        if (id < gap.To)
        {
            _gaps.Insert(index, gap with { From = id + 1 });
        }

        if (gap.From < id)
        {
            _gaps.Insert(index, gap with { To = id - 1 });
        }
    }

    private void MergeWhileTooMany()
    {
        while (_gaps.Count > MaxGaps)
        {
            _gaps.Sort((a, b) => a.From.CompareTo(b.From));
            var closest = 0;
            for (var i = 1; i < _gaps.Count - 1; i++)
            {
                if (_gaps[i + 1].From - _gaps[i].To < _gaps[closest + 1].From - _gaps[closest].To)
                {
                    closest = i;
                }
            }

            var (left, right) = (_gaps[closest], _gaps[closest + 1]);
            _gaps[closest] = new FeedGap(left.From, right.To, left.OpenedAt > right.OpenedAt ? left.OpenedAt : right.OpenedAt);
            _gaps.RemoveAt(closest + 1);
        }
    }
}

/// <summary>Ids <see cref="From"/>..<see cref="To"/> (inclusive) not seen yet, first noticed at <see cref="OpenedAt"/>.</summary>
internal sealed record FeedGap(long From, long To, DateTimeOffset OpenedAt);
