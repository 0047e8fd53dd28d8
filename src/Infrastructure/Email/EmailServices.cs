using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Email;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.Email;

public static class EmailServices
{
    /// <summary><c>Email:*</c>: MailKit SMTP when <c>Email:Smtp:Host</c> is set, else <c>.eml</c> files in the pickup directory.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .Validate(o => o.Outbox.BatchSize > 0 && o.Outbox.ClaimTimeout > TimeSpan.Zero && o.Outbox.MaxRetryDelay > TimeSpan.Zero, "Email:Outbox:BatchSize, ClaimTimeout and MaxRetryDelay must be positive.")
            .Validate(o => !o.UsesSmtp || Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Smtp.Security, ignoreCase: true, out _), "Email:Smtp:Security must be Auto, None, StartTls or SslOnConnect.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Email:From must be an e-mail address.")
            .ValidateOnStart();
        services.AddSingleton(sp => new PickupDirectory(Path.GetFullPath(Path.Combine(contentRoot, sp.GetRequiredService<IOptions<EmailOptions>>().Value.PickupDirectory))));
        services.AddScoped<SmtpEmailTransport>();
        services.AddScoped<PickupDirectoryEmailTransport>();
        services.AddScoped<IEmailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpEmailTransport>()
            : sp.GetRequiredService<PickupDirectoryEmailTransport>());
        services.AddTransient<EmailOutboxJob>();
        services.AddScoped<ICommitHook, OutboxCommitHook>();
        return services;
    }

    public static void RegisterEmailJobs(this IServiceProvider services)
    {
        var outbox = services.GetRequiredService<IOptions<EmailOptions>>().Value.Outbox;
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EmailOutboxJob>(
            OutboxOptions.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            outbox.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }
}
