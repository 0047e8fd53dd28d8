using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
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

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, options) => options
                    .UseSqlite(database.ConnectionString)
                    .AddInterceptors(Interceptors(sp)));
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

        services.AddSingleton<CookieCacheKeyRing>();
        services.AddSingleton<SessionCookieCache>();
        services.AddScoped<SessionValidator>();
        services.AddScoped<ISessionIssuer, SessionIssuer>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHangfireJobs(configuration, database);

        return services;
    }
}
