using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Data.Interceptors;
using TenantSessions.Infrastructure.Health;
using TenantSessions.Infrastructure.Jobs;
using TenantSessions.Infrastructure.Revocation;
using TenantSessions.Infrastructure.Sessions;
using TenantSessions.Infrastructure.Tenancy;

namespace TenantSessions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The feed interceptor of this scope, and any interceptor registered as <see cref="IInterceptor"/> (diagnostics, tests).</summary>
    private static IEnumerable<IInterceptor> Interceptors(IServiceProvider sp) =>
        sp.GetServices<IInterceptor>().Prepend(sp.GetRequiredService<RevocationFeedInterceptor>());

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseSettings.From(configuration, contentRoot);
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<TenantContext>();
        services.AddScoped<ICurrentTenant>(sp => sp.GetRequiredService<TenantContext>());
        services.AddSingleton<TenantStore>();
        services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<TenantStore>());

        services.AddSingleton<RevocationList>();
        services.AddSingleton<IRevocationFeed>(sp => sp.GetRequiredService<RevocationList>());
        services.AddScoped<RevocationFeedInterceptor>();
        services.AddRevocationFeed(configuration, database);

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, options) => options
                    .UseSqlite(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp).Append(new SqliteConnectionSettings())));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, options) => options
                    .UseNpgsql(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp)));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>((sp, options) => options
                    .UseSqlServer(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp)));
                break;
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<AppDbContext>());

        services.AddDataProtection()
            .SetApplicationName("TenantSessions")
            .PersistKeysToDbContext<AppDbContext>();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>();

        // A passkey is the whole sign-in (ADR-013a): discoverable, and the authenticator must verify the person.
        // The relying party is the request's host (ServerDomain unset), so each workspace has its own passkeys.
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ResidentKeyRequirement = "required";
            o.UserVerificationRequirement = "required";
        });
        services.TryAddScoped<IPasskeyHandler<ApplicationUser>, PasskeyHandler<ApplicationUser>>();
        services.AddSingleton<CookieCacheKeyRing>();
        services.AddSingleton<SessionCookieCache>();
        services.AddScoped<SessionValidator>();
        services.AddScoped<ISessionIssuer, SessionIssuer>();
        services.AddScoped(sp => SessionPurgeStore.For(database.Provider, sp.GetRequiredService<AppDbContext>()));
        services.AddScoped<DatabaseInitializer>();
        services.AddHangfireJobs(configuration, database);

        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, [HealthTags.Ready])
            .AddCheck<RevocationFeedHealthCheck>("revocation-feed", HealthStatus.Unhealthy, [HealthTags.Ready]);

        return services;
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
