using System.Text.Json;
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

        // Validation errors are keyed by the names clients send (camelCase JSON), not by C# property names.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return services;
    }
}
