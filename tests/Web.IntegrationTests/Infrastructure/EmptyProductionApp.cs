using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// A short-lived app outside the shared fixtures: Production, a new SQLite file, no Hangfire server. It is stopped and
/// its database file deleted when <see cref="RunAsync"/> returns; its <c>configure</c> adds settings or logging.
/// </summary>
public static class EmptyProductionApp
{
    public static async Task RunAsync(Func<WebApplicationFactory<Program>, Task> use, Action<IWebHostBuilder>? configure = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tenantsessions-prod-{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseSetting("Database:Provider", "Sqlite");
                builder.UseSetting("ConnectionStrings:Default", $"Data Source={path};Pooling=false");
                builder.UseSetting("Hangfire:Server", "false");
                configure?.Invoke(builder);
            });
            await use(factory);
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
