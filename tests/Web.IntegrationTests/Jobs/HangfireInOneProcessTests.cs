using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide and the last app to start sets it. An app that stops must not leave it
/// pointing at a disposed logger factory: the next job type queued by another app in the process made its first
/// logger there and failed with a 500 (a CI failure of the PostgreSQL dashboard tests, after a short-lived test app).
/// Runs in the Hangfire server collection, which runs alone: no other app starts meanwhile and resets the provider.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class HangfireInOneProcessTests
{
    [Fact]
    public async Task AnotherAppStoppingDoesNotBreakHangfireForTheAppsStillRunning()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tenantsessions-hangfire-{Guid.NewGuid():N}.db");
        try
        {
            await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseSetting("Database:Provider", "Sqlite");
                builder.UseSetting("ConnectionStrings:Default", $"Data Source={path};Pooling=false");
                builder.UseSetting("Hangfire:Server", "false");
            }))
            {
                _ = factory.Services.GetRequiredService<IGlobalConfiguration>();
            }

            var logger = Record.Exception(() => Hangfire.Logging.LogProvider.GetLogger("TenantSessions.Web.IntegrationTests"));
            var retryFilter = Record.Exception(() => new AutomaticRetryAttribute());

            Assert.Null(logger);
            Assert.Null(retryFilter);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
