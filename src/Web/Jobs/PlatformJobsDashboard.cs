using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Web.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/platform/jobs</c> (on a workspace host the tenancy middleware answers 404). An anonymous
/// visitor is sent to sign in (the endpoint requires an authenticated caller); anyone else but a superadmin gets 403 from
/// <see cref="PlatformSuperadminDashboardFilter"/>, which replaces Hangfire's local-requests-only default. The
/// dashboard's own POSTs (retry, delete, trigger) need the antiforgery token Hangfire puts in its pages and a fresh session.
/// </summary>
public static class PlatformJobsDashboard
{
    public const string Path = "/platform/jobs";

    public static IEndpointConventionBuilder MapPlatformJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new PlatformSuperadminDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "TenantSessions jobs",
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
        }).RequireAuthorization().WithSecurityHeadersPolicy(Infrastructure.SecurityHeaders.JobsDashboardPolicy);
}

public sealed class PlatformSuperadminDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var tenant = http.RequestServices.GetRequiredService<ICurrentTenant>();
        var allowed = http.User.Identity?.IsAuthenticated == true
            && http.User.IsInRole(Roles.PlatformSuperadmin)
            && tenant.IsPlatformHost
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || IsFresh(http));
        return Task.FromResult(allowed);
    }

    /// <summary>The dashboard's own actions (trigger, retry, delete a job) act on everyone's sessions: like <c>jobs/purge</c>, they need a fresh session.</summary>
    private static bool IsFresh(HttpContext http)
    {
        var services = http.RequestServices;
        var authenticatedAt = services.GetRequiredService<ICurrentSession>().AuthenticatedAt;
        var timeouts = services.GetRequiredService<IOptions<SessionEngineOptions>>().Value.TimeoutsFor((TenantInfo?)null);
        return authenticatedAt is { } at && SessionLifetime.IsFresh(at, services.GetRequiredService<TimeProvider>().GetUtcNow(), timeouts);
    }
}
