using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionEngineOptions>()
            .Bind(configuration.GetSection(SessionEngineOptions.SectionName))
            .Validate(o => o.Purge.BatchSize is > 0 and <= SessionPurgeOptions.MaxBatchSize, $"Sessions:Purge:BatchSize must be between 1 and {SessionPurgeOptions.MaxBatchSize}.")
            .Validate(o => o.Purge.BatchPause >= TimeSpan.Zero && o.Purge.Grace >= TimeSpan.Zero && o.Purge.FeedMargin >= TimeSpan.FromMinutes(1), "Sessions:Purge:BatchPause and Grace must not be negative; FeedMargin must be at least a minute.")
            .Validate(o => o.HistoryRetention >= TimeSpan.Zero, "Sessions:HistoryRetention must not be negative.")
            .ValidateOnStart();
        services.AddOptions<Admin.Commands.ImpersonateUser.ImpersonationOptions>()
            .Bind(configuration.GetSection(Admin.Commands.ImpersonateUser.ImpersonationOptions.SectionName))
            .Validate(o => o.Length > TimeSpan.Zero && o.Length <= Admin.Commands.ImpersonateUser.ImpersonationOptions.MaxLength, "Impersonation:Length must be more than zero and at most one hour.")
            .ValidateOnStart();
        services.AddOptions<Audit.AuditOptions>()
            .Bind(configuration.GetSection(Audit.AuditOptions.SectionName))
            .Validate(o => o.Retention >= Audit.AuditOptions.MinRetention && o.MaxRetention >= o.Retention, "Audit:Retention must be at least a day and Audit:MaxRetention at least Audit:Retention.")
            .ValidateOnStart();
        services.AddSingleton<SessionMetrics>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<Sso.SsoEnforcement>();
        services.AddScoped<Email.AccountNotices>();
        services.AddScoped<Admin.Users.AdminScope>();
        services.AddScoped<Accounts.AccountErasure>();
        services.AddScoped<Scim.ScimCaller>();
        services.AddScoped<Sessions.SessionsEndedByAuthority>();
        services.AddOptions<SignInThrottleOptions>()
            .Bind(configuration.GetSection(SignInThrottleOptions.SectionName))
            .Validate(o => o.FreeFailuresPerAddress >= 1 && o.FreeFailuresPerAccount >= o.FreeFailuresPerAddress, "SignInThrottle: FreeFailuresPerAccount must be at least FreeFailuresPerAddress, both at least 1.")
            .Validate(o => o.FirstDelay > TimeSpan.Zero && o.MaxDelay >= o.FirstDelay && o.ForgetAfter > TimeSpan.Zero, "SignInThrottle: FirstDelay, MaxDelay (≥ FirstDelay) and ForgetAfter must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<HeldAttempts>();
        services.AddSecondFactors(configuration);
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);

        // Validation errors are keyed by the names clients send (camelCase JSON), not by C# property names.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return services;
    }
}
