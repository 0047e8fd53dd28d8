using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Web.Infrastructure;

public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>
    /// Sign-in and sign-up attempts (POSTs; showing the form is free) per client address and host, per minute
    /// (<c>RateLimiting:SignInPerMinute</c>). Identity lockout protects each account on top of this.
    /// </summary>
    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:SignInPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    $"{context.Connection.RemoteIpAddress}|{context.Request.Host.Host}",
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
}
