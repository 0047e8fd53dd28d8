using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Data.Interceptors;
using TenantSessions.Infrastructure.Email;
using TenantSessions.Infrastructure.Health;
using TenantSessions.Infrastructure.Jobs;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.LastSeen;
using TenantSessions.Infrastructure.Sso;
using TenantSessions.Infrastructure.Webhooks;

namespace TenantSessions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Any interceptor registered as <see cref="IInterceptor"/> (diagnostics, tests).</summary>
    private static IEnumerable<IInterceptor> Interceptors(IServiceProvider sp) => sp.GetServices<IInterceptor>();

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseSettings.From(configuration, contentRoot);
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<Geo.GeoOptions>().Bind(configuration.GetSection(Geo.GeoOptions.SectionName));
        services.AddSingleton<IGeoLocator, Geo.MmdbGeoLocator>();
        services.AddHttpContextAccessor();
        services.AddSingleton<Application.Audit.IRequestAddress, Http.HttpRequestAddress>();
        services.AddOptions<LastSeenOptions>().Bind(configuration.GetSection(LastSeenOptions.SectionName));
        services.AddSingleton<LastSeenWriteBehind>();
        services.AddHostedService(sp => sp.GetRequiredService<LastSeenWriteBehind>());
        services.AddSessionEngine(configuration, database);
        services.AddScoped<IUnitOfWork, UnitOfWork>();

        // The options are built once (singleton), not per request: the interceptors they take are singletons. The
        // context stays scoped, because its query filters read the request's ICurrentTenant.
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, options) => options
                    .UseSqlite(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp).Append(new SqliteConnectionSettings())),
                    optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, options) => options
                    .UseNpgsql(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp)),
                    optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>((sp, options) => options
                    .UseSqlServer(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp)),
                    optionsLifetime: ServiceLifetime.Singleton);
                break;
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<AppDbContext>());

        services.AddDataProtectionKeyRing(configuration, contentRoot);
        services.AddSsoInfrastructure();

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
        services.AddScoped<IUserStore<ApplicationUser>, StagedUserStore>();

        // A passkey is the whole sign-in (ADR-013a): discoverable, and the authenticator must verify the person.
        // The relying party is the request's host (ServerDomain unset), so each workspace has its own passkeys.
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ResidentKeyRequirement = "required";
            o.UserVerificationRequirement = "required";
        });
        services.TryAddScoped<IPasskeyHandler<ApplicationUser>, PasskeyHandler<ApplicationUser>>();
        services.AddScoped<TenantSessions.Application.Passkeys.IPasskeyCeremony, Passkeys.IdentityPasskeyCeremony>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHangfireJobs(configuration, database);
        services.AddEmail(configuration, contentRoot);
        services.AddWebhooks(configuration);

        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, [HealthTags.Ready])
            .AddCheck<RevocationFeedHealthCheck>("revocation-feed", HealthStatus.Unhealthy, [HealthTags.Ready]);

        return services;
    }
}
