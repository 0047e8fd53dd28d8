using OpenTelemetry.Metrics;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// The metrics of the <see cref="SessionMetrics.MeterName"/> meter (session checks, cache fallbacks, database commands,
/// feed trust and lag, purge rows, sign-in failures) plus ASP.NET Core's, Kestrel's and the runtime's own, in the
/// Prometheus text format at <c>GET /platform/metrics</c>: only on the platform host (a tenant host answers 404) and only
/// to a signed-in superadmin, like the jobs dashboard, with <c>Cache-Control: no-store</c>. See ADR-009.
/// </summary>
public static class PlatformMetrics
{
    public const string Path = "/platform/metrics";

    /// <summary>
    /// The runtime's own meter (GC, JIT, thread pool, exceptions): an operator reads the process's health next to the
    /// sessions', and the HTTP benchmark waits until <c>dotnet.jit.compiled_methods</c> stops rising before it measures.
    /// </summary>
    public const string RuntimeMeter = "System.Runtime";

    public static IServiceCollection AddPlatformMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SessionMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", RuntimeMeter)
            // Each scrape reads the counters as they are now (the exporter's default caches a scrape for 300 ms).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static IEndpointConventionBuilder MapPlatformMetrics(this IEndpointRouteBuilder app, string baseDomain)
    {
        var builder = app.MapPrometheusScrapingEndpoint(Path)
            .RequireHost(baseDomain)
            .RequireAuthorization(policy => policy.RequireRole(Roles.PlatformSuperadmin));
        builder.Add(endpoint =>
        {
            // A scrape is operational data for a superadmin: no shared or browser cache keeps it.
            var scrape = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return scrape(context);
            };
        });
        return builder;
    }
}
