using System.Globalization;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>Moments as people say them ("3 minutes ago", "in 6 days") and as a precise UTC date for a title or a column.</summary>
public static class RelativeTime
{
    public static string Describe(DateTimeOffset moment, DateTimeOffset now)
    {
        var span = now - moment;
        var future = span < TimeSpan.Zero;
        var distance = future ? -span : span;
        if (distance < TimeSpan.FromSeconds(45))
        {
            return future ? "in a moment" : "just now";
        }

        string amount;
        if (distance < TimeSpan.FromMinutes(45))
        {
            amount = Count(Math.Max(1, (int)Math.Round(distance.TotalMinutes)), "minute");
        }
        else if (distance < TimeSpan.FromHours(22))
        {
            amount = Count(Math.Max(1, (int)Math.Round(distance.TotalHours)), "hour");
        }
        else if (distance < TimeSpan.FromDays(45))
        {
            amount = Count(Math.Max(1, (int)Math.Round(distance.TotalDays)), "day");
        }
        else
        {
            return "on " + moment.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        }

        return future ? $"in {amount}" : $"{amount} ago";
    }

    public static string Absolute(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
