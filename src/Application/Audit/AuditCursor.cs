using System.Buffers.Binary;
using System.Buffers.Text;

namespace TenantSessions.Application.Audit;

/// <summary>
/// The keyset position after the last event of a page: its instant and id (the log's order is <c>At</c> then <c>Id</c>,
/// both descending). Events written after the first page are newer than every cursor, so they never shift a later page.
/// Sent as 24 bytes in base64url; anything else is no cursor at all.
/// </summary>
public readonly record struct AuditCursor(DateTimeOffset At, Guid Id)
{
    private const int Length = 24;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, At.UtcTicks);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, out AuditCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..Length], bigEndian: true));
        return true;
    }
}
