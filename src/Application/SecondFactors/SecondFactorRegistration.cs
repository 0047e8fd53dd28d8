using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TenantSessions.Application.SecondFactors;

public static class SecondFactorRegistration
{
    public static IServiceCollection AddSecondFactors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecondFactorOptions>()
            .Bind(configuration.GetSection(SecondFactorOptions.SectionName))
            .Validate(o => o.PendingSignInLifetime > TimeSpan.Zero && o.PendingSignInLifetime <= TimeSpan.FromMinutes(30), "TwoFactor:PendingSignInLifetime must be positive and at most 30 minutes.")
            .Validate(o => o.MaxAttemptsPerPendingSignIn > 0, "TwoFactor:MaxAttemptsPerPendingSignIn must be positive.")
            .ValidateOnStart();
        services.AddScoped<SecondFactorCheck>();
        services.TryAddScoped<ISecondFactorNotices, LoggedSecondFactorNotices>();
        return services;
    }
}
