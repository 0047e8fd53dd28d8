using Hangfire;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Webhooks;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Webhooks;

public static class WebhookServices
{
    /// <summary><c>Webhooks:*</c>: the outbox interceptor, the sender and its HttpClient, the job (ADR-029).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.BatchSize > 0 && o.ClaimTimeout > TimeSpan.Zero && o.MaxRetryDelay > TimeSpan.Zero && o.Timeout > TimeSpan.Zero
                && o.SecretOverlap >= TimeSpan.Zero && o.MaxEndpointsPerWorkspace > 0,
                "Webhooks:BatchSize, ClaimTimeout, MaxRetryDelay, Timeout and MaxEndpointsPerWorkspace must be positive, SecretOverlap not negative.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookSender.ClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddSingleton<IWebhookSecrets, WebhookSecrets>();
        services.AddScoped<IWebhookSender, WebhookSender>();
        services.AddSingleton<IInterceptor, WebhookOutboxInterceptor>();
        services.AddScoped<ICommitHook, WebhookCommitHook>();
        services.AddTransient<WebhookOutboxJob>();
        return services;
    }

    public static void RegisterWebhookJobs(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<WebhookOutboxJob>(
            WebhookOptions.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            options.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
