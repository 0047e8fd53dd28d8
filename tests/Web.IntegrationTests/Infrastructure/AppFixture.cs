using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Respawn;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// Owns one app (in-memory test server) on one real database. Before each test the database is reset with Respawn
/// and the demo tenants and users are seeded again; time is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
public abstract class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Not the default, so a test can tell the configured schedule was used.</summary>
    public const string PurgeCron = "*/15 * * * *";

    private Respawner? _respawner;

    public FakeTimeProvider Clock { get; } = new(Epoch);

    public CommandCounter Commands { get; } = new();

    public WriteFaults Writes { get; } = new();

    public LogSink Logs { get; } = new();

    /// <summary>The SMTP server this app sends to (<c>Email:Smtp:*</c>).</summary>
    public MailServer Mail { get; } = new();

    /// <summary>The DNS server domain checks ask (<c>Sso:DnsServers</c>); started by the tests that need it.</summary>
    public TestDnsServer Dns { get; } = new();

    protected abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    protected abstract Task CreateDatabaseAsync();

    protected abstract DbConnection OpenConnection();

    protected abstract RespawnerOptions RespawnerOptions { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Demo:Seed", "false");
        // Off by default without the demo seed; the tests that need it turn it on (SuperadminTwoFactorTests).
        builder.UseSetting("TwoFactor:RequireForSuperadmins", "false");
        builder.UseSetting("Revocation:Mode", "InProcess");
        builder.UseSetting("RateLimiting:SignInPerMinute", "100000");
        builder.UseSetting("RateLimiting:AccountEmailPer15Minutes", "100000");
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
            logging.AddProvider(Logs);
        });
        builder.UseSetting("Hangfire:Server", "false");
        builder.UseSetting("LastSeen:FlushInterval", "00:00:00");
        builder.UseSetting("Sessions:Purge:BatchPause", "00:00:00");
        builder.UseSetting("Sessions:Purge:Cron", PurgeCron);
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Sso:DnsServers", Dns.Endpoint);
        builder.UseSetting("Sso:DnsTimeout", "00:00:01");
        builder.UseSetting("Sso:DnsRetries", "0");
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Commands);
            services.AddSingleton<IInterceptor>(Writes);
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        });
    }

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        _ = Services;
        await using var connection = OpenConnection();
        _respawner = await Respawner.CreateAsync(connection, RespawnerOptions);
    }

    /// <summary>Empties the database, forgets cached tenants and feed entries, seeds the demo data, moves the clock on.</summary>
    /// <summary>
    /// Moves the clock a day past the real time. The shared clock gains an hour a test and days in some, so late in a full
    /// run it is past the real time; a test of a part that must keep to the app's clock (a sealed state's expiry, a real
    /// IdP's tokens) runs there always, so a real-time dependency fails in any run rather than only in a long one.
    /// </summary>
    public void RunADayPastTheRealClock()
    {
        if (Clock.GetUtcNow() < DateTimeOffset.UtcNow)
        {
            Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        Clock.Advance(TimeSpan.FromDays(1));
    }

    public async Task ResetAsync()
    {
        await using (var connection = OpenConnection())
        {
            await _respawner!.ResetAsync(connection);
        }

        Services.GetRequiredService<TenantStore>().Clear();
        Services.GetRequiredService<RevocationList>().Clear();
        Mail.Clear();
        Services.GetRequiredService<TenantSessions.Application.Auth.Throttling.SignInThrottle>().Clear();
        Clock.Advance(TimeSpan.FromHours(1));

        using var scope = Services.CreateScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.EnsureRolesAsync();
        await initializer.SeedDemoAsync();
    }

    public TestClient Client(string slug) => new(this, slug is "" ? "localhost" : $"{slug}.localhost");

    public TestClient PlatformClient() => new(this, "localhost");

    /// <summary>Runs <paramref name="work"/> against the database in the platform scope (no tenant filter applies to it).</summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a command would: changes go through the engine's store (<see cref="ISessionStore"/>)
    /// and the scope's <see cref="IUnitOfWork"/> commits them once and announces the feed.
    /// </summary>
    public async Task CommitAsync(Func<AppDbContext, ISessionStore, Task> work)
    {
        using var scope = Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<ISessionStore>());
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None);
    }

    public Task<Tenant> TenantAsync(string slug) =>
        QueryAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Slug == slug));

    public Task<ApplicationUser> UserAsync(string email) =>
        QueryAsync(db => db.Users.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Email == email));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Mail.Dispose();
        Dns.Dispose();
    }
}

public class SqliteAppFixture : AppFixture
{
    private readonly SqliteFile _file = new();

    protected override string Provider => "Sqlite";

    public override string ConnectionString => _file.ConnectionString;

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override DbConnection OpenConnection() => _file.Open();

    protected override RespawnerOptions RespawnerOptions => Reset.Sqlite;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Delete();
    }
}

public class PostgresAppFixture : AppFixture
{
    private readonly string _database = $"tenantsessions_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..48];

    protected override string Provider => "Postgres";

    public override string ConnectionString => PostgresServer.For(_database).ConnectionString;

    protected override Task CreateDatabaseAsync() => PostgresServer.CreateDatabaseAsync(_database);

    protected override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    protected override RespawnerOptions RespawnerOptions => Reset.Postgres;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>
{
    public const string Name = "SQLite app";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>
{
    public const string Name = "PostgreSQL app";
}

/// <summary>Base of every integration test class: a clean, seeded database before each test.</summary>
public abstract class IntegrationTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
