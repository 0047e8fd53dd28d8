using System.Globalization;
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

    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JavaScriptDateConverters.Write(value));
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JavaScriptDateConverters.Write(value.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(value, TimeSpan.Zero) : new DateTimeOffset(value.ToUniversalTime())));
    }
}
