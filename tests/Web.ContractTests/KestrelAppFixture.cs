using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace TenantSessions.Web.ContractTests;

/// <summary>
/// The real app on real Kestrel (<c>127.0.0.1:{Port}</c>) over its own SQLite file with the demo workspaces, the real
/// clock: what an app built on Better Auth's client would talk to. 127.0.0.1 is a trusted proxy, so a test can present
/// a public client address in <c>X-Forwarded-For</c>.
/// </summary>
public sealed class KestrelAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"tenantsessions-contract-{Guid.NewGuid():N}.db");

    public KestrelAppFixture()
    {
        Port = FreePort();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={_databasePath};Pooling=false");
        builder.UseSetting("Demo:Seed", "true");
        // Better Auth's own default: an open sign-up signs in at once. The verification link (on by default here) is
        // covered by the e-mail tests against a real SMTP server; this contract is about the client's shapes.
        builder.UseSetting("Auth:RequireEmailVerification", "false");
        builder.UseSetting("Tenancy:BaseDomain", "localhost");
        builder.UseSetting("RateLimiting:SignInPerMinute", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
    }

    public Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
