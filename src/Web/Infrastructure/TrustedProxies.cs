using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// <c>ForwardedHeaders:KnownProxies</c> / <c>ForwardedHeaders:KnownNetworks</c>: the load balancers whose
/// X-Forwarded-For / -Proto / -Host are believed. Nothing configured → no forwarded header is believed and the tenancy
/// middleware refuses any X-Forwarded-Host (400). Configured → a listed proxy's values are applied (and removed from
/// the request); an X-Forwarded-Host from anyone else is left in place and still refused.
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string SectionName = "ForwardedHeaders";

    public string[] KnownProxies { get; set; } = [];

    /// <summary>CIDR notation, e.g. <c>10.0.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies deep to believe (1 = only the load balancer in front of us).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxiesOptions>().Bind(configuration.GetSection(TrustedProxiesOptions.SectionName));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxiesOptions>, IOptions<TenancyOptions>>((options, proxies, tenancy) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = proxies.Value.ForwardLimit;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            var baseDomain = tenancy.Value.BaseDomain;
            options.AllowedHosts = [baseDomain, "*." + baseDomain];
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<TrustedProxiesOptions>>().Value.IsConfigured)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
