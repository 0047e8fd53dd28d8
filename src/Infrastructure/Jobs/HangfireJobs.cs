using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Email;

namespace TenantSessions.Infrastructure.Jobs;

/// <summary>
/// Hangfire wiring. The storage follows the database: in-memory with SQLite (jobs do not survive a restart; the
/// recurring job is registered again at start), the <c>hangfire</c> schema of the same database with PostgreSQL or
/// SQL Server. Storage and activator are this container's own services, never <see cref="JobStorage.Current"/>,
/// so two apps in one process (tests) do not share jobs.
/// </summary>
public static class HangfireJobs
{
    public static IServiceCollection AddHangfireJobs(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        var settings = HangfireSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<JobStorage>(_ => CreateStorage(database, settings));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (settings.Server)
        {
            services.AddHangfireServer((_, options) =>
            {
                options.WorkerCount = Math.Max(1, settings.WorkerCount);
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        services.AddTransient<SessionPurgeJob>();
        services.AddScoped<IJobScheduler, HangfireJobScheduler>();
        return services;
    }

    /// <summary>Registers (or updates) the recurring jobs; call once the database exists.</summary>
    public static void RegisterRecurringJobs(this IServiceProvider services)
    {
        var purge = services.GetRequiredService<IOptions<SessionEngineOptions>>().Value.Purge;
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<SessionPurgeJob>(
            SessionPurgeOptions.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            purge.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        services.RegisterEmailJobs();
        Webhooks.WebhookServices.RegisterWebhookJobs(services);
    }

    private static JobStorage CreateStorage(DatabaseSettings database, HangfireSettings settings) => database.Provider switch
    {
        DatabaseProvider.Postgres => CreatePostgresStorage(database.ConnectionString, settings.SchemaName),
        DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
        {
            SchemaName = settings.SchemaName,
            PrepareSchemaIfNecessary = true,
        }),
        _ => new InMemoryStorage(new InMemoryStorageOptions()),
    };

    private static PostgreSqlStorage CreatePostgresStorage(string connectionString, string schemaName)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = schemaName, PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
