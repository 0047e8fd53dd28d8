using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Respawn;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;

namespace TenantSessions.Web.BrowserTests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (<c>http://localhost:{Port}</c>, IPv4 and IPv6 loopback) over its own SQLite file with
/// the demo data, and one headless Debian Chromium driven by Playwright. Pages are opened on
/// <c>http://{slug}.localhost:{Port}</c>: Chromium resolves every <c>*.localhost</c> name to loopback by itself.
/// </summary>
public sealed class BrowserAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string BaseDomain = "localhost";

    private readonly SqliteFile _database = new();
    private Respawner? _respawner;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserAppFixture()
    {
        Port = FreeLoopbackPort();
        UseKestrel(kestrel => kestrel.ListenLocalhost(Port));
    }

    public int Port { get; }

    /// <summary>The SMTP server the app sends to; its Hangfire server delivers the outbox as it would in production.</summary>
    public MailServer Mail { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);

    private string ConnectionString => _database.ConnectionString;

    /// <summary>The address of a page on a workspace (<paramref name="slug"/>) or, for a null slug, on the platform host.</summary>
    public string Url(string? slug, string path = "/") =>
        $"http://{(slug is null ? "" : slug + ".")}{BaseDomain}:{Port}{path}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Tenancy:SelfServiceSignUp", "true");
        builder.UseSetting("Tenancy:BaseDomain", BaseDomain);
        builder.UseSetting("RateLimiting:SignInPerMinute", "1000");
        // Time is real here: a first wait of 10 minutes keeps a lockout on screen for as long as a journey looks at it.
        builder.UseSetting("SignInThrottle:FirstDelay", "00:10:00");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
    }

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsRequired)
            {
                throw new InvalidOperationException(Chromium.MissingMessage);
            }

            return;
        }

        StartServer();
        await using (var connection = OpenConnection())
        {
            _respawner = await Respawner.CreateAsync(connection, Reset.Sqlite);
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium.ExecutablePath,
            Args = Chromium.Args,
        });
    }

    /// <summary>Empties the database, forgets cached tenants and feed entries and seeds the demo data again.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = OpenConnection())
        {
            await _respawner!.ResetAsync(connection);
        }

        Services.GetRequiredService<TenantStore>().Clear();
        Services.GetRequiredService<RevocationList>().Clear();
        Services.GetRequiredService<TenantSessions.Application.Auth.Throttling.SignInThrottle>().Clear();
        Mail.Clear();

        using var scope = Services.CreateScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.EnsureRolesAsync();
        await initializer.SeedDemoAsync();
    }

    /// <summary>A fresh browser profile: no cookies, a fixed window size, English, UTC.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "en-US",
        TimezoneId = "UTC",
    });

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        Mail.Dispose();
        _database.Delete();
    }

    private SqliteConnection OpenConnection() => _database.Open();

    /// <summary>A port free on 127.0.0.1 and, where the machine has it, on ::1 (Chromium may try either for *.localhost).</summary>
    private static int FreeLoopbackPort()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var v4 = new TcpListener(IPAddress.Loopback, 0);
            v4.Start();
            var port = ((IPEndPoint)v4.LocalEndpoint).Port;
            if (!Socket.OSSupportsIPv6)
            {
                return port;
            }

            using var v6 = new TcpListener(IPAddress.IPv6Loopback, port);
            try
            {
                v6.Start();
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode != SocketError.AddressAlreadyInUse)
            {
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "Browser";
}
