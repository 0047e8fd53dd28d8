using System.Net;
using TenantSessions.Domain.Audit;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.IntegrationTests.Audit;

/// <summary>
/// Issue 24, item 1: 100,000 audit events export in constant memory. The live heap measured is the whole test
/// process's, so these run in collections of their own that xUnit runs alone, after the parallel ones
/// (<see cref="CollectionDefinitionAttribute.DisableParallelization"/>): no other test's allocations are counted.
/// </summary>
public abstract class AuditExportMemoryTests(AppFixture app, ITestOutputHelper output) : IntegrationTest(app)
{
    [Fact]
    public async Task AHundredThousandEventsExportInBoundedMemory()
    {
        const int total = 100_000;
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var tenant = await App.TenantAsync("acme");
        var alicesId = (await App.UserAsync("alice@acme.test")).Id;
        var start = App.Clock.GetUtcNow() + TimeSpan.FromDays(1);
        for (var chunk = 0; chunk < total / 2_000; chunk++)
        {
            await App.CommitAsync((db, _) =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    var at = start + TimeSpan.FromMilliseconds(chunk * 2_000 + i);
                    db.AuditEvents.Add(new AuditEvent(
                        Guid.CreateVersion7(at), at, AuditActions.SessionRevoked, tenant.Id, alicesId, alicesId, Guid.CreateVersion7(at),
                        $"REVOKED_BY_ADMIN — export test row {chunk * 2_000 + i:D6} with some words to make the row as long as a real one", "203.0.113.7", "DE"));
                }

                return Task.CompletedTask;
            });
        }

        foreach (var format in new[] { "csv", "jsonl" })
        {
            var (lines, growth) = await ExportMeasuringHeapAsync(alice, $"/api/auth/admin/audit-events/export?format={format}&from={Uri.EscapeDataString(start.ToString("O"))}");

            output.WriteLine($"{format}: {lines} lines, live heap grew by at most {growth / 1024 / 1024.0:F1} MB while exporting {total} events");
            Assert.Equal(format == "csv" ? total + 1 : total, lines);
            // A buffered export of these rows holds their text alone (about 200 characters each, 40 MB as UTF-16) and
            // the events themselves, well over 60 MB; streamed, the live heap stays within a few MB.
            Assert.True(growth < 16 * 1024 * 1024, $"{format}: the live heap grew by {growth / 1024 / 1024.0:F1} MB during the export");
        }
    }

    /// <summary>
    /// Reads the export as it arrives and, every 10,000 lines, measures the live heap after a full collection: an
    /// export that loaded its rows (or its text) before writing would hold them all at once, one that streams holds a
    /// buffer's worth.
    /// </summary>
    private static async Task<(int Lines, long Growth)> ExportMeasuringHeapAsync(TestClient client, string path)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var lines = 0;
        var peak = 0L;
        while (await reader.ReadLineAsync() is not null)
        {
            if (++lines % 10_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        return (lines, peak);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteAloneCollection : ICollectionFixture<SqliteAppFixture>
{
    public const string Name = "SQLite app, alone";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresAloneCollection : ICollectionFixture<PostgresAppFixture>
{
    public const string Name = "PostgreSQL app, alone";
}

[Collection(SqliteAloneCollection.Name)]
public sealed class SqliteAuditExportMemoryTests(SqliteAppFixture app, ITestOutputHelper output) : AuditExportMemoryTests(app, output);

[Collection(PostgresAloneCollection.Name)]
public sealed class PostgresAuditExportMemoryTests(PostgresAppFixture app, ITestOutputHelper output) : AuditExportMemoryTests(app, output);
