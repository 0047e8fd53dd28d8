using System.Globalization;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>Session-policy durations in the units people use on a form: minutes, hours, days.</summary>
public static class Durations
{
    public const string Minutes = "minutes";
    public const string Hours = "hours";
    public const string Days = "days";

    public static readonly IReadOnlyList<string> Units = [Minutes, Hours, Days];

    /// <summary>"7 days", "12 hours", "1 day 12 hours", "90 minutes" → "1 hour 30 minutes".</summary>
    public static string Describe(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0 minutes";
        }

        if (value < TimeSpan.FromMinutes(1))
        {
            return Count(Math.Max(1, (int)value.TotalSeconds), "second");
        }

        var parts = new List<string>();
        if (value.Days > 0)
        {
            parts.Add(Count(value.Days, "day"));
        }

        if (value.Hours > 0)
        {
            parts.Add(Count(value.Hours, "hour"));
        }

        if (value.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(Count(value.Minutes, "minute"));
        }

        return string.Join(" ", parts);
    }

    /// <summary>The largest unit that expresses <paramref name="value"/> exactly, for pre-filling a form.</summary>
    public static (decimal Amount, string Unit) Split(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerDay == 0 ? (value.Days, Days)
        : value.Ticks % TimeSpan.TicksPerHour == 0 ? ((decimal)value.TotalHours, Hours)
        : (decimal.Round((decimal)value.TotalMinutes, 2), Minutes);

    /// <summary>Null when <paramref name="amount"/> is null (use the platform default).</summary>
    public static TimeSpan? Combine(decimal? amount, string? unit)
    {
        if (amount is not { } value)
        {
            return null;
        }

        const decimal limitInMinutes = 10 * 365 * 24 * 60;
        decimal perUnit = unit switch
        {
            Days => 24 * 60,
            Hours => 60,
            _ => 1,
        };

        // Compared in the form's own unit first: multiplying a number near decimal.MaxValue would overflow.
        if (value < 0 || value > limitInMinutes / perUnit)
        {
            return TimeSpan.FromDays(10 * 365) * Math.Sign(value);
        }

        return TimeSpan.FromMinutes((double)decimal.Round(value * perUnit, 2));
    }

    public static string Format(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
