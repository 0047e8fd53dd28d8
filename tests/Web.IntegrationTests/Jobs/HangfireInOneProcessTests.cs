using Hangfire;
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
        await EmptyProductionApp.RunAsync(factory =>
        {
            _ = factory.Services.GetRequiredService<IGlobalConfiguration>();
            return Task.CompletedTask;
        });

        var logger = Record.Exception(() => Hangfire.Logging.LogProvider.GetLogger("TenantSessions.Web.IntegrationTests"));
        var retryFilter = Record.Exception(() => new AutomaticRetryAttribute());

        Assert.Null(logger);
        Assert.Null(retryFilter);
    }
}
