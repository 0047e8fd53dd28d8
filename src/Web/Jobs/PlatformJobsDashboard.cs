using Hangfire;
using Hangfire.Dashboard;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Web.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/platform/jobs</c>. An anonymous visitor is sent to sign in (the endpoint requires an
/// authenticated caller); anyone else but a superadmin on the platform host gets 403 from
/// <see cref="PlatformSuperadminDashboardFilter"/>, which replaces Hangfire's local-requests-only default. The
/// dashboard's own POSTs (retry, delete, trigger) need the antiforgery token Hangfire puts in its pages.
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
        }).RequireAuthorization();
}

public sealed class PlatformSuperadminDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var tenant = http.RequestServices.GetRequiredService<ICurrentTenant>();
        var allowed = http.User.Identity?.IsAuthenticated == true
            && http.User.IsInRole(Roles.PlatformSuperadmin)
            && tenant.IsPlatformHost;
        return Task.FromResult(allowed);
    }
}
