using System.Text;
using System.Text.Json;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.UnitTests;

/// <summary>The hand-written <c>get-session</c> answer is byte for byte what System.Text.Json writes for the response record.</summary>
public sealed class GetSessionJsonTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 0, 5, 0, TimeSpan.Zero).AddTicks(1234567);

    public static TheoryData<SessionPayload> Payloads => new()
    {
        new SessionPayload(Guid.CreateVersion7(), Guid.CreateVersion7(), "bob@acme.test", "Bob Builder", ["Member"], Guid.CreateVersion7(), "acme", "Acme Corp",
            TenantStatus.Active, 3, Now.AddHours(-1), Now, Now.AddHours(-1), Now.AddDays(7), Now.AddDays(30), true, "203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        new SessionPayload(Guid.CreateVersion7(), Guid.CreateVersion7(), "root@platform.test", "Root", ["PlatformSuperadmin"], null, null, null,
            null, 0, Now, Now, Now, Now.AddDays(1), Now.AddDays(1), false, null, null),
        new SessionPayload(Guid.CreateVersion7(), Guid.CreateVersion7(), "zoë+<tag>@acme.test", "Zoë \"Z\" O'Brien & Co", ["Member", "TenantAdmin"],
            Guid.CreateVersion7(), "globex", "Globex <Inc> & \u2603", TenantStatus.Suspended, 9, Now, Now, Now, Now, Now, true, "::1", "curl/8.0 \u0001"),
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void TheAnswerIsWhatTheSerializerWritesForTheResponseRecord(SessionPayload payload)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        var expected = JsonSerializer.Serialize(GetSessionResponse.From(payload), options);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder }))
        {
            GetSessionResponse.Write(writer, payload);
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
