using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TenantSessions.Web.Infrastructure;

public static class AccountRateLimits
{
    public const string AccountEmail = "account-email";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Requests that send e-mail or use an e-mailed link (password reset, verification, invitation acceptance): POSTs per
    /// client address and resolved workspace (<see cref="RateLimits.PartitionKey"/>, so no spelling of the host buys a
    /// new budget) per 15 minutes (<c>RateLimiting:AccountEmailPer15Minutes</c>, default 10). Each handler also limits how many
    /// messages one address or account receives, whatever the client address.
    /// </summary>
    public static IServiceCollection AddAccountRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:AccountEmailPer15Minutes", 10);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(AccountEmail, context => HttpMethods.IsPost(context.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(
                RateLimits.PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("read")));
        return services;
    }
}
