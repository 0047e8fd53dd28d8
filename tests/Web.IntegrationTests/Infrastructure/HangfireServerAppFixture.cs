using Microsoft.AspNetCore.Hosting;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>A SQLite app that runs a Hangfire server (the other fixtures run none, so their jobs only queue).</summary>
public sealed class HangfireServerAppFixture : SqliteAppFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hangfire:Server", "true");
    }
}

/// <summary>Hangfire keeps process-wide state (filters, serializer settings, log provider): its server tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection : ICollectionFixture<HangfireServerAppFixture>
{
    public const string Name = "Hangfire server app";
}
