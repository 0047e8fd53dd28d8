using Microsoft.AspNetCore.Identity;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Web.Setup;

/// <summary>
/// <c>dotnet run --project src/Web -- create-superadmin --email you@example.com</c>: migrates the database and creates a
/// platform superadmin, reading the password from standard input (one line, never a command-line argument, so it stays
/// out of shell history and process lists). How a Production installation gets its first account, since nothing is
/// seeded unless <c>Demo:Seed</c> is on (ADR-011).
/// </summary>
public static class SuperadminSetup
{
    public const string Command = "create-superadmin";

    public const string Usage = "dotnet run --project src/Web -- create-superadmin --email you@example.com   (the password is read from standard input)";

    public static bool IsCommand(string[] args) => args is [Command, ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var email = EmailArgument(args);
        if (email is null)
        {
            await output.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }

        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
        {
            await output.WriteAsync($"Password for {email}: ");
        }

        var password = await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("No password given on standard input; nothing was created.");
            return 2;
        }

        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await output.WriteLineAsync($"A platform account {email} already exists; nothing was changed.");
            return 1;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = ApplicationUser.Create(tenantId: null, email, email, now, emailConfirmed: true);
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, Roles.PlatformSuperadmin);
        }

        if (!created.Succeeded)
        {
            await output.WriteLineAsync($"Could not create {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            return 1;
        }

        // Identity stages its changes (no auto-save): this command is its own unit of work.
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(cancellationToken);

        await output.WriteLineAsync($"Created platform superadmin {email}. Sign in on the platform host.");
        return 0;
    }

    private static string? EmailArgument(string[] args)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--email=", StringComparison.Ordinal))
            {
                return Valid(args[i]["--email=".Length..]);
            }

            if (args[i] == "--email" && i + 1 < args.Length)
            {
                return Valid(args[i + 1]);
            }
        }

        return null;

        static string? Valid(string email) => email.Trim() is { Length: > 2 } e && e.Contains('@', StringComparison.Ordinal) ? e : null;
    }
}
