using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Web.Infrastructure;

public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>
    /// Sign-in and sign-up attempts (POSTs; showing the form is free) per client address and resolved tenant, per minute
    /// (<c>RateLimiting:SignInPerMinute</c>). The sign-in throttle slows guessing at each account on top of this.
    /// </summary>
    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:SignInPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    PartitionKey(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests, "Too many attempts. Wait a minute and try again.");
                    return;
                }

                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await context.HttpContext.Response.WriteAsync("Too many attempts. Wait a minute and try again.", cancellationToken);
            };
        });
        return services;
    }

    /// <summary>
    /// The resolved tenant (its id, or the platform), never the raw <c>Host</c>: <c>ACME.localhost</c> and
    /// <c>acme.localhost.</c> are the same workspace and share one budget. The address is the one the trusted-proxy
    /// rules left on the connection.
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        var tenant = context.RequestServices.GetRequiredService<ICurrentTenant>();
        return $"{tenant.Id?.ToString() ?? "platform"}|{context.Connection.RemoteIpAddress}";
    }
}
