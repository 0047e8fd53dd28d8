using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// One app node: the real app on Kestrel on a loopback port, with its own DI container (its own revocation list,
/// tenant cache, key ring, feed poller). Nodes of a cluster share the database and the clock, nothing else.
/// </summary>
public sealed class AppNode : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private HttpClient? _http;

    public AppNode(string name, IReadOnlyDictionary<string, string?> settings, FakeTimeProvider clock, Action<IServiceCollection>? configureServices = null)
    {
        Name = name;
        _settings = settings;
        _configureServices = configureServices;
        Clock = clock;
        UseKestrel(0);
    }

    public string Name { get; }

    public FakeTimeProvider Clock { get; }

    public SessionQueryCounter SessionQueries { get; } = new();

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http => _http ?? throw new InvalidOperationException($"Node {Name} is not started.");

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the node (migrations and start-up run as in production) and waits until it is ready.</summary>
    public async Task StartAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal));
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<HttpResponseMessage> HealthAsync(string which = "ready", string host = "127.0.0.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/health/{which}");
        request.Headers.Host = host;
        return await Http.SendAsync(request);
    }

    public async Task WaitUntilReadyAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            using var response = await HealthAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"node {Name} not ready after {bound}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs <paramref name="work"/> against this node's database in the platform scope, through this node's own services.</summary>
    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Auth:RequireEmailVerification", "false");

        // The nodes' probes read the checks, as an operator's own network would with this setting on.
        builder.UseSetting("Management:PublicDiagnostics", "true");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(SessionQueries);
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
            _configureServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await base.DisposeAsync();
    }
}
