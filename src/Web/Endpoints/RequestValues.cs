using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Web.Endpoints;

/// <summary>Turns loosely typed JSON values into command arguments; anything unusable is a 400 validation problem, never a 500.</summary>
internal static class RequestValues
{
    private const long MaxSeconds = 100L * 366 * 24 * 60 * 60;

    public static Guid Id(string? value, string field) =>
        Guid.TryParse(value, out var id)
            ? id
            : throw new ValidationException(field, string.IsNullOrWhiteSpace(value) ? $"{field} is required." : $"{field} is not a valid id.");

    public static Guid? OptionalId(string? value, string field) => string.IsNullOrWhiteSpace(value) ? null : Id(value, field);

    public static TimeSpan? Seconds(long? value, string field) => value switch
    {
        null => null,
        < -MaxSeconds or > MaxSeconds => throw new ValidationException(field, $"{field} is out of range."),
        _ => TimeSpan.FromSeconds(value.Value),
    };

    /// <summary>A query value that must be a whole number of 0 or more, or absent (null).</summary>
    public static int? WholeNumber(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : throw new ValidationException(field, $"{field} must be a whole number.");

    /// <summary>The query string's one value of <paramref name="name"/>, trimmed; null when absent or blank; a 400 when given twice.</summary>
    public static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            throw new ValidationException(name, $"Give {name} once.");
        }

        return string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();
    }

    /// <summary>The query string's one value of <paramref name="name"/> as a whole number of 0 or more (null when absent).</summary>
    public static int? WholeNumber(IQueryCollection query, string name) => WholeNumber(Single(query, name), name);

    public static long? Seconds(TimeSpan? value) => value is { } span ? (long)span.TotalSeconds : null;
}
