using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TenantSessions.Infrastructure.Health;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// <c>/health/live</c> (the process answers; no check runs) and <c>/health/ready</c> (database, revocation feed, Redis
/// when configured). Both sit before tenancy in the pipeline, so a load balancer probing by IP gets an answer.
/// Ready is 503 when a check is unhealthy; a degraded Redis keeps it 200. No exception text is ever written. The checks,
/// timings and feed mode are written only for <see cref="ManagementDiagnostics"/>; anyone else reads a bare status.
/// </summary>
public static class HealthEndpoints
{
    public static IApplicationBuilder UseHealthEndpoints(this IApplicationBuilder app, bool publicDetails)
    {
        Task Write(HttpContext context, HealthReport report) => WriteAsync(context, report, publicDetails);
        app.UseHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.UseHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = Write });
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report, bool publicDetails)
    {
        context.Response.Headers.CacheControl = "no-store";
        var details = publicDetails || await ManagementDiagnostics.IsSuperadminOnThePlatformHostAsync(context);
        var body = new Dictionary<string, object> { ["status"] = report.Status.ToString() };
        if (details)
        {
            body["durationMs"] = (long)report.TotalDuration.TotalMilliseconds;
            body["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, object?>
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["description"] = e.Value.Description ?? (e.Value.Status == HealthStatus.Healthy ? null : "Check failed."),
                    ["durationMs"] = (long)e.Value.Duration.TotalMilliseconds,
                    ["data"] = e.Value.Data.Count == 0 ? null : e.Value.Data,
                });
        }

        await context.Response.WriteAsJsonAsync(body, JsonSerializerOptions.Web, "application/json");
    }
}
