using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TenantSessions.Web.IntegrationTests.Deployment;

/// <summary>
/// The build docs/deployment.md tells people to run: <c>dotnet publish</c> (here <c>--no-build</c> of the build these
/// tests already made, a few seconds), started as its own process in Production from its own folder, serves the
/// stylesheet and scripts its pages link to. A <c>dotnet build -o</c> folder would not: only publish copies wwwroot.
/// </summary>
public sealed partial class PublishedBuildTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ts-published-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ThePublishedBuildStartedInProductionServesItsStylesheetAndScripts()
    {
        await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "src", "Web", "TenantSessions.Web.csproj"), "-c", Configuration, "--no-build", "-o", _folder]);
        var port = FreePort();
        using var app = Start(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await CheckAssetsAsync(http, app);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static async Task CheckAssetsAsync(HttpClient http, Process app)
    {
        var page = await GetWhenUpAsync(http, app, "/sign-in");
        var assets = AssetLink().Matches(page).Select(m => m.Groups["path"].Value).ToList();

        Assert.Contains(assets, a => a.StartsWith("/css/site.css?v=", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/js/local-time.js?v=", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.SendAsync(Get(asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.Equal(asset.StartsWith("/css/", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private Process Start(int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(_folder, "TenantSessions.Web.dll")])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "app.db")}";
        start.Environment["Tenancy__BaseDomain"] = "localhost";
        start.Environment["Demo__Seed"] = "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The page once the process answers, within 90 s (a cold start with its migrations takes a few seconds alone and
    /// far longer while the rest of the suite runs on two cores), or as soon as the process has exited.
    /// </summary>
    private static async Task<string> GetWhenUpAsync(HttpClient http, Process app, string path)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(app.HasExited, $"the published app exited with {(app.HasExited ? app.ExitCode : 0)}");
            try
            {
                using var response = await http.SendAsync(Get(path));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadAsStringAsync();
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the published app did not answer {path} in 90 s (last: {last})");
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path) { Headers = { Host = "localhost" } };

    private static async Task RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}:\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantSessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TenantSessions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?:href|src)=""(?<path>/(?:css|js)/[^""]+)""")]
    private static partial Regex AssetLink();
}
