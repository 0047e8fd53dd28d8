using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Benchmarks;

/// <summary>
/// Seeds expired and live sessions over many tenants, then measures the purge (rows/s, total time) and the latency of
/// sign-in and get-session while it runs against the same load with no purge. Not a test: run it by hand, read the
/// numbers. See docs/benchmarks.md.
/// </summary>
public static class PurgeBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["people", ..])
        {
            return await People.RunAsync(args[1..]);
        }

        if (args is ["pages", ..])
        {
            return Pages.Run(args[1..]);
        }

        // WebApplicationFactory finds the web project through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var options = BenchOptions.Parse(args);
        Console.WriteLine($"# purge benchmark: {options}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

        var database = BenchDatabase.Create(options);
        await database.CreateAsync();

        await using var app = new BenchApp(options, database);
        _ = app.Services;

        var started = Stopwatch.StartNew();
        var tenants = await SeedTenantsAsync(app, options);
        Console.WriteLine($"seeded {tenants.Count} tenants with one user each in {started.Elapsed.TotalSeconds:F1} s");

        started.Restart();
        var now = DateTimeOffset.UtcNow;
        await database.SeedSessionsAsync(tenants, now, options.Expired, options.Live);
        await database.AnalyzeAsync();
        Console.WriteLine($"seeded {options.Expired:N0} expired and {options.Live:N0} live sessions in {started.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"database size before purge: {await database.SizeAsync()}");

        var load = new Load(app, tenants, options);
        await load.PrepareAsync();

        // Idle is measured half before and half after the purge, so a change in the machine's other load during the
        // run biases both phases alike.
        Console.WriteLine($"idle phase 1: {options.IdleSeconds / 2.0} s of load; load average {LoadAverage()}");
        var idle = await load.RunAsync(Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds / 2.0)));

        Console.WriteLine($"purge phase: the same load while the purge runs; load average {LoadAverage()}");
        var purgeClock = Stopwatch.StartNew();
        PurgeResult? result = null;
        var purge = Task.Run(async () =>
        {
            using var scope = app.Services.CreateScope();
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeExpiredSessionsCommand());
            purgeClock.Stop();
        });
        var busy = await load.RunAsync(purge);
        await purge;

        Console.WriteLine($"idle phase 2: {options.IdleSeconds / 2.0} s of load; load average {LoadAverage()}");
        var idleAfter = await load.RunAsync(Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds / 2.0)));
        foreach (var kind in Load.Kinds)
        {
            idle[kind].AddAll(idleAfter[kind]);
        }

        var seconds = purgeClock.Elapsed.TotalSeconds;
        var sessionsDeleted = result!.ExpiredSessions + result.RevokedSessions;
        Console.WriteLine();
        Console.WriteLine($"## {options.Provider}: purge of {sessionsDeleted:N0} sessions ({result.Tenants.Count} tenants) in {result.Batches} batches of {options.BatchSize} with {options.PauseMs} ms pauses");
        Console.WriteLine($"total {seconds:F2} s, {sessionsDeleted / seconds:N0} rows/s (target >= 50,000)");
        Console.WriteLine($"live sessions left: {await database.CountSessionsAsync():N0}; database size after purge: {await database.SizeAsync()}");
        if (options.Concurrency > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| request | phase | requests | p50 ms | p95 ms | p99 ms | max ms |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var kind in Load.Kinds)
            {
                Console.WriteLine(idle[kind].Row(kind, "idle"));
                Console.WriteLine(busy[kind].Row(kind, "during purge"));
            }

            Console.WriteLine();
            foreach (var kind in Load.Kinds)
            {
                var ratio = busy[kind].P99 / idle[kind].P99;
                Console.WriteLine($"{kind}: p99 during purge / idle p99 = {ratio:F2} ({(ratio <= 2 ? "met" : "NOT met")}, target <= 2)");
            }
        }

        await app.DisposeAsync();
        await database.DropAsync();
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<List<BenchTenant>> SeedTenantsAsync(BenchApp app, BenchOptions options)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var now = DateTimeOffset.UtcNow;
        var tenants = Enumerable.Range(0, options.Tenants)
            .Select(i => new Tenant(Guid.CreateVersion7(), $"t{i:D3}", $"Tenant {i:D3}", now))
            .ToList();
        db.Tenants.AddRange(tenants);
        await db.SaveChangesAsync();

        var seeded = new List<BenchTenant>();
        foreach (var tenant in tenants)
        {
            var email = $"user@{tenant.Slug}.bench";
            var user = new ApplicationUser
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.Id,
                Email = email,
                UserName = email,
                EmailConfirmed = true,
                DisplayName = "Bench User",
                CreatedAt = now,
            };
            var created = await users.CreateAsync(user, BenchApp.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, Roles.Member);
            seeded.Add(new BenchTenant(tenant.Id, tenant.Slug, user.Id, email));
        }

        return seeded;
    }
}

public sealed record BenchTenant(Guid Id, string Slug, Guid UserId, string Email);

public sealed record BenchOptions(
    string Provider,
    int Expired,
    int Live,
    int Tenants,
    int BatchSize,
    int PauseMs,
    int IdleSeconds,
    int Concurrency,
    int ThinkMs,
    bool SqlLog)
{
    public static BenchOptions Parse(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            Arg("provider", "sqlite").ToLowerInvariant(),
            Int("expired", 1_000_000),
            Int("live", 100_000),
            Int("tenants", 100),
            Int("batch-size", 5_000),
            Int("pause-ms", 50),
            Int("idle-seconds", 20),
            Int("concurrency", 2),
            Int("think-ms", 5),
            args.Contains("--sql-log"));
    }
}

/// <summary>The app in-process (test server), on the benchmark database, real clock, no Hangfire server.</summary>
public sealed class BenchApp(BenchOptions options, BenchDatabase database) : WebApplicationFactory<Program>
{
    public const string Password = "Bench-passw0rd!";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:Default", database.ConnectionString);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Hangfire:Server", "false");
        builder.UseSetting("RateLimiting:SignInPerMinute", "1000000");
        builder.UseSetting("Sessions:Purge:BatchSize", options.BatchSize.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Sessions:Purge:BatchPause", TimeSpan.FromMilliseconds(options.PauseMs).ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", options.SqlLog ? "Information" : "Warning");
        builder.UseSetting("Logging:LogLevel:TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions.PurgeExpiredSessionsHandler", "Warning");
    }
}
