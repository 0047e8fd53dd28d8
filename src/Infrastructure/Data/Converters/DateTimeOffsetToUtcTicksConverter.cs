using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TenantSessions.Infrastructure.Data.Converters;

public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
