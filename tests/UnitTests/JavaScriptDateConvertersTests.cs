using System.Globalization;
using System.Text.Json;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.UnitTests;

/// <summary>The API's dates, written digit by digit, are exactly what the format string writes.</summary>
public sealed class JavaScriptDateConvertersTests
{
    public static TheoryData<DateTimeOffset> Instants => new()
    {
        new DateTimeOffset(2026, 12, 6, 15, 2, 31, 774, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)),
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9999),
        new DateTimeOffset(2026, 11, 29, 23, 40, 5, TimeSpan.FromHours(-5)).AddTicks(1234567),
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void TheWrittenDateIsTheFormatOfTheInstantInUtc(DateTimeOffset instant)
    {
        var expected = instant.UtcDateTime.ToString(JavaScriptDateConverters.Format, CultureInfo.InvariantCulture);

        Assert.Equal(expected, JavaScriptDateConverters.Write(instant));

        var options = new JsonSerializerOptions();
        JavaScriptDateConverters.AddTo(options);
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(instant, options));
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(instant.UtcDateTime, options));
    }

    [Fact]
    public void AThousandRandomInstantsAgreeWithTheFormatString()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 1000; i++)
        {
            var instant = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
            Assert.Equal(instant.UtcDateTime.ToString(JavaScriptDateConverters.Format, CultureInfo.InvariantCulture), JavaScriptDateConverters.Write(instant));
        }
    }
}
