using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Writes every date the API returns as JavaScript's <c>Date.prototype.toJSON</c> does: ISO 8601 in UTC with exactly
/// three fractional digits (<c>2026-12-06T15:02:31.774Z</c>). Better Auth's client revives dates with a pattern that
/// reads any fraction as milliseconds, so .NET's default seven digits and offset would move each date by hours.
/// Reading accepts any ISO 8601 form.
/// </summary>
public static class JavaScriptDateConverters
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new DateTimeOffsetConverter());
        options.Converters.Add(new DateTimeConverter());
    }

    public static string Write(DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[Length];
        Format8601(value, utf8);
        return System.Text.Encoding.ASCII.GetString(utf8);
    }

    private const int Length = 24;

    /// <summary>
    /// <see cref="Format"/> written digit by digit (a custom format string takes .NET's slow formatting path, and the
    /// API writes three dates per <c>get-session</c> answer, on every request; <c>JavaScriptDateConvertersTests</c>
    /// compares the two).
    /// </summary>
    private static void Format8601(DateTimeOffset value, Span<byte> utf8)
    {
        var utc = value.UtcDateTime;
        Digits(utf8[..4], utc.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), utc.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), utc.Day);
        utf8[10] = (byte)'T';
        Digits(utf8.Slice(11, 2), utc.Hour);
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), utc.Minute);
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), utc.Second);
        utf8[19] = (byte)'.';
        Digits(utf8.Slice(20, 3), utc.Millisecond);
        utf8[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Writes <paramref name="value"/> as a JSON string in <see cref="Format"/>.</summary>
    public static void WriteTo(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[Length];
        Format8601(value, utf8);
        writer.WriteStringValue(utf8);
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            WriteTo(writer, value);
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            WriteTo(writer, value.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(value, TimeSpan.Zero) : new DateTimeOffset(value.ToUniversalTime()));
    }
}
