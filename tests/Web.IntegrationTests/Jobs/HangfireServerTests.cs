using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Jobs;

[Collection(HangfireServerCollection.Name)]
public sealed class HangfireServerTests(HangfireServerAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task APurgeQueuedByTheSuperadminRunsOnTheServerAndRemovesExpiredSessions()
    {
        var acme = (await App.TenantAsync("acme")).Id;
        var now = App.Clock.GetUtcNow();
        var expired = Row(acme, now - TimeSpan.FromDays(2));
        var live = Row(acme, now + TimeSpan.FromDays(2));
        await App.QueryAsync(async db =>
        {
            db.Sessions.AddRange(expired, live);
            return await db.SaveChangesAsync();
        });
        var platform = App.PlatformClient();
        await platform.SignInOkAsync("root@platform.test");

        var response = await platform.PostJsonAsync("/api/platform/jobs/purge", null);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        var state = await FinalStateAsync(jobId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Succeeded", state);
        var left = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.Id == expired.Id || s.Id == live.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal([live.Id], left);
    }

    private async Task<string?> FinalStateAsync(string jobId)
    {
        var storage = App.Services.GetRequiredService<JobStorage>();
        var started = Stopwatch.StartNew();
        while (true)
        {
            using (var connection = storage.GetConnection())
            {
                var state = connection.GetJobData(jobId)?.State;
                if (state is "Succeeded" or "Failed" or "Deleted" || started.Elapsed > TimeSpan.FromSeconds(30))
                {
                    return state;
                }
            }

            await Task.Delay(50);
        }
    }

    private static Session Row(Guid tenantId, DateTimeOffset expiresAt) => new(
        Guid.CreateVersion7(),
        RandomNumberGenerator.GetBytes(32),
        tenantId,
        Guid.NewGuid(),
        new SessionLifetime(expiresAt - TimeSpan.FromDays(7), expiresAt, expiresAt + TimeSpan.FromDays(20)),
        null,
        null,
        "Firefox on Linux",
        isPersistent: true);
}
