using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sso;

namespace TenantSessions.Infrastructure.Sso;

/// <summary>Registration of single sign-on's Infrastructure parts; the <c>sso</c> HttpClient talks to IdPs.</summary>
public static class SsoHttp
{
    public const string ClientName = "sso";

    public static IServiceCollection AddSsoInfrastructure(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IOidcDiscovery, OidcDiscovery>();
        services.AddSingleton<ISsoSecrets, SsoSecrets>();
        services.AddSingleton<IDnsTxtResolver, DnsTxtResolver>();
        services.AddSingleton<Application.Sso.Commands.BackchannelLogout.ILogoutTokenValidator, LogoutTokenValidator>();
        return services;
    }
}
