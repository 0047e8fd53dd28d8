using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Tenancy;

/// <summary>
/// Resolves the tenant from the host before authentication runs. A host outside the base domain (or an
/// X-Forwarded-Host nobody trusted) is a 400; an unknown workspace a 404 — both without any session lookup. On a
/// workspace host <c>/platform/*</c> (pages, jobs dashboard, metrics) is a 404 too.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, IOptions<TenancyOptions> options, ITenantStore store)
{
    private static readonly PathString PlatformPaths = "/platform";

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext)
    {
        if (context.Request.Headers.ContainsKey("X-Forwarded-Host"))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Untrusted forwarded host.");
            return;
        }

        var host = TenantHost.Parse(context.Request.Host.Host, options.Value.BaseDomain);
        switch (host.Kind)
        {
            case TenantHostKind.Foreign:
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Unknown host.");
                return;
            case TenantHostKind.Tenant:
                var tenant = await store.FindBySlugAsync(host.Slug!, context.RequestAborted);
                if (tenant is null)
                {
                    await WorkspaceNotFoundAsync(context);
                    return;
                }

                tenantContext.Set(tenant);
                if (context.Request.Path.StartsWithSegments(PlatformPaths))
                {
                    // Not a 302 to sign in nor a 403: a workspace host has no platform pages, whoever asks.
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                break;
        }

        await next(context);
    }

    private static async Task WorkspaceNotFoundAsync(HttpContext context)
    {
        var message = $"No workspace at {context.Request.Host.Value}";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.TenantNotFound, message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(WorkspaceNotFoundPage.Render(context.Request.Host.Value ?? ""));
    }
}
