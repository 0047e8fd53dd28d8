using Microsoft.Extensions.Time.Testing;
using TenantSessions.Web.MultiNodeTests.Infrastructure;

namespace TenantSessions.Web.MultiNodeTests.Deployment;

/// <summary><c>Database:MigrateOnStart=false</c>: migrations are a release step, and a node never runs on a database that is behind it.</summary>
public sealed class MigrationStepTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => _database.CreateAsync();

    [Fact]
    public async Task ANodeThatMayNotMigrateRefusesADatabaseThatIsBehindAndRunsOnceItIsMigrated()
    {
        var settings = NodeCluster.BaseSettings(_database);
        settings["Database:MigrateOnStart"] = "false";

        var refused = new AppNode("A", settings, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var error = await Assert.ThrowsAnyAsync<Exception>(refused.StartAsync);
        await DisposeQuietlyAsync(refused);

        Assert.Contains("Database:MigrateOnStart is false", error.ToString());

        await using (var migrating = new AppNode("release step", NodeCluster.BaseSettings(_database), new FakeTimeProvider(DateTimeOffset.UtcNow)))
        {
            await migrating.StartAsync();
        }

        await using var node = new AppNode("A", settings, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await node.StartAsync();
        using var ready = await node.HealthAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static async Task DisposeQuietlyAsync(AppNode node)
    {
        try
        {
            await node.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
