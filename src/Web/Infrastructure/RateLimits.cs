using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Web.Infrastructure;

public static class RateLimits
{
    public const string SignIn = "sign-in";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

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
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var window = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == AccountRateLimits.AccountEmail
                    ? AccountRateLimits.Window
                    : Window;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var left) ? left : window;
                http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var message = window == Window ? "Too many attempts. Wait a minute and try again." : $"Too many attempts. Wait {window.TotalMinutes:0} minutes and try again.";
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await Problems.WriteAsync(http, ErrorStatus.For(ErrorCodes.TooManyRequests), ErrorCodes.TooManyRequests, message);
                    return;
                }

                http.Response.StatusCode = ErrorStatus.For(ErrorCodes.TooManyRequests);
                await http.Response.WriteAsync(message, cancellationToken);
            };
        });
        return services;
    }

    /// <summary>
    /// The partition of every limiter: the resolved tenant (its id, or the platform), never the raw <c>Host</c>: <c>ACME.localhost</c> and
    /// <c>acme.localhost.</c> are the same workspace and share one budget. The address is the one the trusted-proxy
    /// rules left on the connection.
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        var tenant = context.RequestServices.GetRequiredService<ICurrentTenant>();
        return $"{tenant.Id?.ToString() ?? "platform"}|{context.Connection.RemoteIpAddress}";
    }
}
