using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Health;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Diagnostics;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Store;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>Registers the session engine: tenant store, revocation feed, cookie cache and key ring, validator, store.</summary>
internal static class SessionEngineServices
{
    public static IServiceCollection AddSessionEngine(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddScoped<TenantContext>();
        services.AddScoped<ICurrentTenant>(sp => sp.GetRequiredService<TenantContext>());
        services.AddSingleton<TenantStore>();
        services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<TenantStore>());

        services.AddSingleton<RevocationList>();
        services.AddSingleton<IRevocationFeed>(sp => sp.GetRequiredService<RevocationList>());
        services.AddSingleton<RevocationAnnouncer>();
        services.AddRevocationFeed(configuration, database);

        services.AddSingleton<CookieCacheKeyRing>();
        services.AddSingleton<SessionCookieCache>();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton<SessionEngineMetrics>();
        services.AddSingleton<IInterceptor, DatabaseCommandMetrics>();
        services.AddScoped<SessionValidator>();
        services.AddSingleton(sp => new SessionRowReader(RowReaderContexts(sp, database)));

        services.AddScoped<SessionStore>();
        services.AddScoped<ISessionStore>(sp => sp.GetRequiredService<SessionStore>());
        services.AddHttpContextAccessor();
        services.AddScoped(sp => new CommittedSessionEnds(sp.GetRequiredService<IHttpContextAccessor>(), sp.GetRequiredService<SessionCookies>()));
        services.AddScoped<ICommitHook, SessionCommitHook>();
        services.AddScoped(sp => SessionPurgeStore.For(database.Provider, sp.GetRequiredService<AppDbContext>()));
        return services;
    }

    /// <summary>Physical PostgreSQL connections of the database path's multiplexing pool (ADR-015).</summary>
    internal const int RowReaderPostgresConnections = 4;

    /// <summary>Appended to the application name of those connections, so that <c>pg_stat_activity</c> tells them apart.</summary>
    internal const string RowReaderApplicationSuffix = "(session reads)";

    /// <summary>
    /// The contexts of <see cref="SessionRowReader"/>: the app's own options (every interceptor included). On SQLite the
    /// kept <see cref="SessionRowCommand"/> keeps its prepared statements itself. On PostgreSQL the reads go through
    /// their own multiplexing pool of at most <see cref="RowReaderPostgresConnections"/> physical connections (ADR-015):
    /// the concurrent reads of many requests are written to a few connections together and their results read back
    /// together, instead of one network round trip, one server process woken and two thread switches per read; the
    /// statement is prepared on each physical connection after its second use (automatic preparation).
    /// </summary>
    private static Func<AppDbContext> RowReaderContexts(IServiceProvider sp, DatabaseSettings database)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = sp.GetRequiredService<DbContextOptions<SqliteAppDbContext>>();
                return () => new SqliteAppDbContext(sqlite, PlatformScope.Instance);
            case DatabaseProvider.Postgres:
                var connection = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString)
                {
                    Multiplexing = true, MaxAutoPrepare = 4, AutoPrepareMinUsages = 2,
                };
                connection.ApplicationName = $"{connection.ApplicationName ?? "TenantSessions"} {RowReaderApplicationSuffix}";
                connection.MaxPoolSize = RowReaderPostgresConnections;
                connection.MinPoolSize = Math.Min(connection.MinPoolSize, RowReaderPostgresConnections);
                var postgres = new DbContextOptionsBuilder<PostgresAppDbContext>(sp.GetRequiredService<DbContextOptions<PostgresAppDbContext>>())
                    .UseNpgsql(connection.ConnectionString)
                    .Options;
                return () => new PostgresAppDbContext(postgres, PlatformScope.Instance);
            default:
                var sqlServer = sp.GetRequiredService<DbContextOptions<SqlServerAppDbContext>>();
                return () => new SqlServerAppDbContext(sqlServer, PlatformScope.Instance);
        }
    }

    /// <summary>
    /// <c>Revocation:Mode</c>: in-process for one node; otherwise the feed poller (the list's trust source) and, when
    /// <c>Redis:Configuration</c> is set, the Redis channel. See ADR-006.
    /// </summary>
    private static void AddRevocationFeed(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.AddOptions<RevocationFeedOptions>()
            .Bind(configuration.GetSection(RevocationFeedOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval < o.MaxLag, "Revocation:PollInterval must be positive and shorter than Revocation:MaxLag.")
            .Validate(o => o.BatchSize > 0, "Revocation:BatchSize must be positive.")
            .Validate(o => o.GapTimeout > TimeSpan.Zero, "Revocation:GapTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddKeyedSingleton(RevocationFeedOptions.ClockKey, TimeProvider.System);

        var redis = configuration[RedisSettings.ConfigurationKey];
        var mode = ResolveMode(configuration.GetSection(RevocationFeedOptions.SectionName).GetValue<RevocationFeedMode?>("Mode"), database, redis);
        if (mode == RevocationFeedMode.InProcess)
        {
            return;
        }

        services.AddSingleton<RevocationFeedPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationFeedPoller>());

        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(new RedisSettings(redis));
            services.AddSingleton<RedisRevocationChannel>();
            services.AddSingleton<IRevocationBroadcaster>(sp => sp.GetRequiredService<RedisRevocationChannel>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisRevocationChannel>());
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                "redis", sp => ActivatorUtilities.CreateInstance<RedisHealthCheck>(sp), HealthStatus.Degraded, [HealthTags.Ready], TimeSpan.FromSeconds(2)));
        }
    }

    public static RevocationFeedMode ResolveMode(RevocationFeedMode? configured, DatabaseSettings database, string? redis)
    {
        var hasRedis = !string.IsNullOrWhiteSpace(redis);
        return configured switch
        {
            RevocationFeedMode.InProcess when hasRedis => throw new InvalidOperationException(
                "Revocation:Mode is InProcess but Redis:Configuration is set: Redis needs polling as its safety net. Use Polling (or Auto)."),
            RevocationFeedMode.InProcess or RevocationFeedMode.Polling => configured.Value,
            _ => database.Provider == DatabaseProvider.Sqlite && !hasRedis ? RevocationFeedMode.InProcess : RevocationFeedMode.Polling,
        };
    }
}
