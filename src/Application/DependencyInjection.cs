using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Behaviours;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Application;

public static class DependencyInjection
{
    /// <summary>The mediator pipeline, in order: exception logging → authorization → validation → freshness → timing.</summary>
    public static readonly Type[] PipelineBehaviours =
    [
        typeof(UnhandledExceptionBehaviour<,>),
        typeof(AuthorizationBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(FreshnessBehaviour<,>),
        typeof(PerformanceBehaviour<,>),
    ];

    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionEngineOptions>().Bind(configuration.GetSection(SessionEngineOptions.SectionName));
        services.AddScoped<PasswordCheck>();
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        return services;
    }
}
