using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Jobs;
using TenantSessions.Web.Setup;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web;

public static class Startup
{
    /// <summary>Migrates and seeds the database, loads the key ring and the live revocation feed, registers the recurring jobs; prints the demo workspaces.</summary>
    public static async Task InitializeAsync(this WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        }

        app.Services.RegisterRecurringJobs();

        if (app.Environment.IsProduction() && !DataProtectionKeyRing.IsProtectedAtRest(app.Configuration))
        {
            app.Logger.LogWarning("The Data Protection key ring is stored in clear in the database; set {Path} and {Password} to a certificate that encrypts it (ADR-019).", DataProtectionKeyRing.CertificatePathKey, DataProtectionKeyRing.CertificatePasswordKey);
        }

        var email = app.Services.GetRequiredService<IOptions<TenantSessions.Application.Email.EmailOptions>>().Value;
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(email.UsesSmtp
            ? $"E-mail is sent through SMTP at {email.Smtp.Host}:{email.Smtp.Port}."
            : $"E-mail is written as .eml files to {app.Services.GetRequiredService<TenantSessions.Infrastructure.Email.PickupDirectory>().Path} (set Email:Smtp:Host to send it)."));

        if (app.Configuration.GetValue("Demo:Seed", false))
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintDemo(app));
        }
        else
        {
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if ((await users.GetUsersInRoleAsync(Roles.PlatformSuperadmin)).Count == 0)
            {
                app.Logger.LogWarning("No platform superadmin exists yet, and nothing was seeded (Demo:Seed is off). Create the first one with: {Command}", SuperadminSetup.Usage);
            }
        }
    }

    private static void PrintDemo(WebApplication app)
    {
        var baseDomain = app.Services.GetRequiredService<IOptions<TenancyOptions>>().Value.BaseDomain;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
        string Url(string? slug) => $"{uri.Scheme}://{(slug is null ? "" : slug + ".")}{baseDomain}:{uri.Port}";

        Console.WriteLine($"""

            TenantSessions is running. Demo workspaces (password for every account: {DatabaseInitializer.DemoPassword}):
              {Url("acme"),-34} Acme Corp (active)      alice@acme.test (TenantAdmin), bob@acme.test (Member)
              {Url("globex"),-34} Globex (active)         carol@globex.test (TenantAdmin)
              {Url("initech"),-34} Initech (suspended)     dave@initech.test (Member)
              {Url(null),-34} Platform                root@platform.test (PlatformSuperadmin)

            """);
    }
}
