using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.Setup;

namespace TenantSessions.Soak;

/// <summary>
/// Soak run (issue 11): two app nodes, each a process of its own (the built <c>src/Web</c> app on Kestrel, production
/// start-up), on one PostgreSQL database with Redis pub/sub, mixed traffic for a few minutes — session checks on either
/// node, sign-ins, sign-outs, admin revocations, tenant suspensions and purges — counting 5xx answers, checks accepted
/// after their session was revoked (past the propagation bound, <c>Revocation:MaxLag</c>), and each node's resident
/// memory (RSS) over time, and each node's live managed heap and RSS right after a full collection (a heap snapshot
/// with <c>dotnet-gcdump</c>, a tool of the repository's manifest, at the end of the warm-up, at mid-run and at the end).
/// This process is the load generator and the operator: it seeds through an in-process
/// control host (no Kestrel) and runs the purges there, so the nodes' memory holds only what serving costs.
/// <code>dotnet run -c Release --project benchmarks/TenantSessions.Soak -- [--minutes 5] [--workers 8] [--bound-ms 2000] [--sample-s 10] [--warmup-s 30]</code>
/// Needs TENANTSESSIONS_POSTGRES (a login that may create databases) and Redis at TENANTSESSIONS_REDIS (default 127.0.0.1:6379).
/// </summary>
public static class Program
{
    private const string Password = "Soak-passw0rd!";

    public static async Task<int> Main(string[] args)
    {
        var minutes = double.Parse(Arg(args, "minutes", "5"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg(args, "workers", "8"), CultureInfo.InvariantCulture);
        var maxLag = TimeSpan.FromSeconds(2);
        var bound = TimeSpan.FromMilliseconds(int.Parse(Arg(args, "bound-ms", ((int)maxLag.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture));
        var sampleEvery = TimeSpan.FromSeconds(int.Parse(Arg(args, "sample-s", "10"), CultureInfo.InvariantCulture));
        var warmUp = TimeSpan.FromSeconds(int.Parse(Arg(args, "warmup-s", "30"), CultureInfo.InvariantCulture));
        var server = Environment.GetEnvironmentVariable("TENANTSESSIONS_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=tenantsessions_test";
        var redis = Environment.GetEnvironmentVariable("TENANTSESSIONS_REDIS") ?? "127.0.0.1:6379";
        var database = $"tenantsessions_soak_{Environment.ProcessId}";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "TenantSessions.sln")))
        {
            repository = repository.Parent;
        }

        var web = Path.Combine(repository?.FullName ?? ".", "src", "Web");
        var app = Path.Combine(web, "bin", "Release", "net10.0", "TenantSessions.Web.dll");
        if (!File.Exists(app))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build src/Web -c Release ({app} is missing)");
            return 2;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TENANTSESSIONS_WEB", web);
        var logs = Directory.CreateDirectory(Path.Combine(repository?.FullName ?? ".", "artifacts", "soak")).FullName;
        await AdminAsync(server, $"CREATE DATABASE \"{database}\"");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = connection,
                ["Demo:Seed"] = "false",
                ["Auth:RequireEmailVerification"] = "false",
                ["TwoFactor:RequireForSuperadmins"] = "false",
                ["Hangfire:Server"] = "false",
                ["RateLimiting:SignInPerMinute"] = "1000000",
                ["Redis:Configuration"] = redis,
                ["Revocation:RedisChannel"] = $"tenantsessions-soak:{Guid.NewGuid():N}",
                ["Revocation:PollInterval"] = "00:00:00.250",
                ["Revocation:MaxLag"] = maxLag.ToString(),
                ["Sessions:HistoryRetention"] = "00:00:20",
                ["Sessions:Purge:Grace"] = "00:00:00",
                ["Sessions:Purge:BatchPause"] = "00:00:00.010",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
                ["Logging:LogLevel:TenantSessions"] = "Error",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            };

            // The control host migrates the database first, so the nodes start on a current schema.
            await using var control = new Control(settings);
            _ = control.Services;
            await using var a = new Node("A", app, web, settings, Path.Combine(logs, "node-a.log"));
            await using var b = new Node("B", app, web, settings, Path.Combine(logs, "node-b.log"));
            await a.StartAsync();
            await b.StartAsync();
            var run = new SoakRun(control, a, b, bound, new HeapSnapshots(repository?.FullName ?? ".", logs));
            await run.SeedAsync();
            Console.WriteLine($"Soak: {minutes} min, {workers} workers, bound {bound.TotalMilliseconds} ms (Revocation:MaxLag), database {database}, " +
                $"node A pid {a.ProcessId}, node B pid {b.ProcessId}, load average at start {LoadAverage()}");
            var report = await run.RunAsync(TimeSpan.FromMinutes(minutes), workers, sampleEvery, warmUp);
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The operator's own in-process host (no Kestrel, serves no traffic): migrates the database, seeds the workspaces,
    /// runs the purges. Its memory is the load generator's, not a node's.
    /// </summary>
    private sealed class Control(Dictionary<string, string?> settings) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    /// <summary>One app node: <c>dotnet TenantSessions.Web.dll</c> in a process of its own on a loopback port, production start-up.</summary>
    private sealed class Node(string name, string app, string contentRoot, Dictionary<string, string?> settings, string logPath) : IAsyncDisposable
    {
        private Process? _process;
        private StreamWriter? _log;

        public string Name { get; } = name;

        public HttpClient Http { get; private set; } = null!;

        public int ProcessId => _process?.Id ?? 0;

        /// <summary>Resident set size of the node's process, from /proc (bytes); 0 once it has exited.</summary>
        public long ResidentBytes()
        {
            try
            {
                var line = File.ReadLines($"/proc/{ProcessId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        public async Task StartAsync()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var start = new ProcessStartInfo("dotnet", [app])
            {
                WorkingDirectory = contentRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
            }

            _log = new StreamWriter(logPath) { AutoFlush = true };
            _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {Name}");
            _process.OutputDataReceived += (_, e) => Log(e.Data);
            _process.ErrorDataReceived += (_, e) => Log(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"node {Name} exited at start-up ({_process.ExitCode}); see {logPath}");
                }

                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
                    request.Headers.Host = "127.0.0.1";
                    using var ready = await Http.SendAsync(request);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"node {Name} not ready after 3 minutes; see {logPath}");
                }

                await Task.Delay(250);
            }
        }

        private void Log(string? line)
        {
            if (line is not null)
            {
                lock (this)
                {
                    _log?.WriteLine(line);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            _process?.Dispose();
            lock (this)
            {
                _log?.Dispose();
                _log = null;
            }
        }
    }

    /// <summary>A browser: its cookies, its workspace; once its session is ended, its cookies are frozen and replayed.</summary>
    private sealed class Browser(string host, string email)
    {
        public string Host { get; } = host;

        public string Email { get; } = email;

        public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

        public Guid? SessionId { get; set; }

        /// <summary>When the revocation that ended this session had committed (its response arrived).</summary>
        public long? RevokedAtTicks { get; set; }

        /// <summary>What ended it: sign-out, admin revocation or suspension.</summary>
        public string? EndedBy { get; set; }

        public string? TenantSlug { get; init; }
    }

    /// <summary>
    /// A node's live managed heap after a full, blocking collection, and its RSS just after: <c>dotnet-gcdump collect</c>
    /// induces that collection and walks the heap; <c>report</c> prints the total. RSS alone rises between collections
    /// with garbage the workstation GC has no reason to collect yet (the 10-minute run of session 4), so "flat memory"
    /// is judged on what a full collection leaves. Needs <c>dotnet tool restore</c> (the manifest names the tool).
    /// </summary>
    private sealed class HeapSnapshots(string repository, string directory)
    {
        public async Task<(long LiveHeap, long ResidentAfter)?> TakeAsync(Node node, string label)
        {
            var file = Path.Combine(directory, $"node-{node.Name.ToLowerInvariant()}-{label}.gcdump");
            if (await ToolAsync($"collect -p {node.ProcessId} -o {file}") is null)
            {
                return null;
            }

            var resident = node.ResidentBytes();
            var report = await ToolAsync($"report {file}");
            var line = report?.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
            return line is null ? null : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), resident);
        }

        private async Task<string?> ToolAsync(string arguments)
        {
            var start = new ProcessStartInfo("dotnet", $"tool run dotnet-gcdump {arguments}")
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"dotnet-gcdump {arguments}: exit {process.ExitCode} (run `dotnet tool restore`): {await process.StandardError.ReadToEndAsync()}");
                return null;
            }

            return output;
        }
    }

    private sealed class SoakRun(Control control, Node a, Node b, TimeSpan bound, HeapSnapshots snapshots)
    {
        private readonly ConcurrentBag<Browser> _live = [];
        private readonly ConcurrentBag<Browser> _ended = [];
        private readonly List<(Guid Id, string Slug, Browser Admin, List<string> Members)> _tenants = [];
        private readonly ConcurrentDictionary<string, long> _counts = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private Browser _root = null!;
        private long _worstAcceptedAfterRevocationMs;
        private readonly ConcurrentBag<(string Node, Guid? SessionId, string? EndedBy, double AfterMs)> _violations = [];

        public async Task SeedAsync()
        {
            var output = new StringWriter();
            if (await SuperadminSetup.RunAsync(control.Services, ["create-superadmin", "--email", "soak@platform.test"], new StringReader(Password + "\n"), output, CancellationToken.None) != 0)
            {
                throw new InvalidOperationException(output.ToString());
            }

            _root = new Browser("localhost", "soak@platform.test");
            await SignInAsync(a, _root);
            if (await SessionIdAsync(a, _root) is null)
            {
                throw new InvalidOperationException("the superadmin's sign-in gave no session (a second factor asked for?)");
            }
            for (var t = 0; t < 5; t++)
            {
                var slug = $"soak{t}";
                var tenant = new Tenant(Guid.CreateVersion7(), slug, $"Soak {t}", DateTimeOffset.UtcNow);
                tenant.ChangeJoinPolicy(JoinPolicy.Open, []);
                using (var scope = control.Services.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    db.Tenants.Add(tenant);
                    await db.SaveChangesAsync();
                }

                var members = new List<string>();
                Browser? admin = null;
                for (var u = 0; u < 8; u++)
                {
                    var email = $"user{u}@{slug}.test";
                    var browser = new Browser($"{slug}.localhost", email) { TenantSlug = slug };
                    var response = await SendAsync(a, browser, HttpMethod.Post, "/api/auth/sign-up/email", new { name = $"User {u}", email, password = Password }, absorb: true);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"sign-up {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    browser.SessionId = await SessionIdAsync(a, browser);
                    members.Add(email);
                    _live.Add(browser);
                    if (u == 0)
                    {
                        using var scope = control.Services.CreateScope();
                        var users = scope.ServiceProvider.GetRequiredService<UserManager<TenantSessions.Domain.Users.ApplicationUser>>();
                        var scopeTenant = scope.ServiceProvider.GetRequiredService<TenantSessions.Infrastructure.SessionEngine.Tenancy.TenantContext>();
                        scopeTenant.Set(await scope.ServiceProvider.GetRequiredService<TenantSessions.Infrastructure.SessionEngine.Tenancy.ITenantStore>().FindBySlugAsync(slug, CancellationToken.None));
                        var user = await users.FindByEmailAsync(email);
                        await users.AddToRoleAsync(user!, TenantSessions.Domain.Users.Roles.TenantAdmin);
                        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
                        admin = new Browser($"{slug}.localhost", email) { TenantSlug = slug };
                    }
                }

                await SignInAsync(a, admin!);
                _tenants.Add((tenant.Id, slug, admin!, members));
            }
        }

        public async Task<string> RunAsync(TimeSpan duration, int workers, TimeSpan sampleEvery, TimeSpan warmUp)
        {
            var memory = new List<(double Minute, long A, long B, string Load)>();
            var heaps = new List<(double Minute, string Node, long LiveHeap, long ResidentAfter)>();
            var started = _clock.Elapsed;
            var deadline = started + duration;
            async Task SnapshotAsync(string label)
            {
                foreach (var node in new[] { a, b })
                {
                    var minute = (_clock.Elapsed - started).TotalMinutes;
                    if (await snapshots.TakeAsync(node, label) is { } heap)
                    {
                        lock (heaps)
                        {
                            heaps.Add((minute, node.Name, heap.LiveHeap, heap.ResidentAfter));
                        }
                    }
                }
            }

            var sampler = Task.Run(async () =>
            {
                await Task.Delay(warmUp);
                await SnapshotAsync("start");
                var middle = started + warmUp + ((duration - warmUp) / 2);
                while (_clock.Elapsed < deadline)
                {
                    lock (memory)
                    {
                        memory.Add(((_clock.Elapsed - started).TotalMinutes, a.ResidentBytes(), b.ResidentBytes(), Program.LoadAverage()));
                    }

                    if (middle != TimeSpan.Zero && _clock.Elapsed >= middle)
                    {
                        middle = TimeSpan.Zero;
                        await SnapshotAsync("middle");
                    }

                    await Task.Delay(sampleEvery);
                }
            });
            var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, deadline))).ToList();
            await Task.WhenAll(tasks.Append(sampler));
            memory.Add(((_clock.Elapsed - started).TotalMinutes, a.ResidentBytes(), b.ResidentBytes(), Program.LoadAverage()));
            await SnapshotAsync("end");
            var violations = await ExplainViolationsAsync();
            return Report(duration, workers, memory, heaps, violations);
        }

        /// <summary>For every late acceptance, what the database says about the session now.</summary>
        private async Task<List<string>> ExplainViolationsAsync()
        {
            var lines = new List<string>();
            using var scope = control.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var v in _violations.OrderBy(v => v.AfterMs))
            {
                var row = v.SessionId is { } id
                    ? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Sessions).Where(s => s.Id == id)
                            .Select(s => new { s.CreatedAt, s.RevokedAt, s.RevokeReason }))
                    : null;
                lines.Add($"- node {v.Node}, ended by {v.EndedBy}, accepted {v.AfterMs:F0} ms after, session {v.SessionId}: " +
                    (row is null ? "row gone or unknown" : $"created {row.CreatedAt:HH:mm:ss.fff}, revoked {(row.RevokedAt is { } r ? r.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "never")} ({row.RevokeReason})"));
            }

            return lines;
        }

        private async Task WorkAsync(int worker, TimeSpan deadline)
        {
            var random = new Random(worker);
            while (_clock.Elapsed < deadline)
            {
                var roll = random.Next(1000);
                var node = random.Next(2) == 0 ? a : b;
                try
                {
                    if (roll < 700)
                    {
                        await CheckAsync(node, Pick(random, roll < 560 ? _live : _ended) ?? Pick(random, _live)!);
                    }
                    else if (roll < 820)
                    {
                        var tenant = _tenants[random.Next(_tenants.Count)];
                        var browser = new Browser($"{tenant.Slug}.localhost", tenant.Members[random.Next(tenant.Members.Count)]) { TenantSlug = tenant.Slug };
                        var response = await SendAsync(node, browser, HttpMethod.Post, "/api/auth/sign-in/email", new { email = browser.Email, password = Password, rememberMe = true }, absorb: true);
                        Count("sign-in " + (int)response.StatusCode);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            browser.SessionId = await SessionIdAsync(node, browser);
                            _live.Add(browser);
                        }
                    }
                    else if (roll < 900)
                    {
                        var browser = Pick(random, _live);
                        if (browser is { RevokedAtTicks: null })
                        {
                            var response = await SendAsync(node, browser, HttpMethod.Post, "/api/auth/sign-out", null, absorb: false);
                            Count("sign-out " + (int)response.StatusCode);
                            End(browser, response, "sign-out");
                        }
                    }
                    else if (roll < 970)
                    {
                        var browser = Pick(random, _live);
                        var tenant = _tenants.FirstOrDefault(t => t.Slug == browser?.TenantSlug);
                        if (browser is { RevokedAtTicks: null, SessionId: { } id } && tenant.Admin is not null && browser.Email != tenant.Admin.Email)
                        {
                            var response = await SendAsync(node, tenant.Admin, HttpMethod.Post, "/api/auth/admin/revoke-user-session", new { sessionToken = id.ToString() }, absorb: true);
                            Count("admin revoke " + (int)response.StatusCode);
                            End(browser, response, "admin revocation");
                        }
                    }
                    else if (roll < 985)
                    {
                        var tenant = _tenants[random.Next(_tenants.Count)];
                        var suspend = await SendAsync(node, _root, HttpMethod.Post, $"/api/platform/tenants/{tenant.Id}/suspend", new { reason = "Soak test" }, absorb: true);
                        Count("suspend " + (int)suspend.StatusCode);
                        if (suspend.StatusCode == HttpStatusCode.Forbidden)
                        {
                            // SESSION_NOT_FRESH once the superadmin's sign-in is older than the fresh age: sign in again.
                            Count("superadmin signed in again: " + (await TrySignInAsync(node, _root) ? "200" : "refused"));
                        }
                        if (suspend.StatusCode == HttpStatusCode.OK)
                        {
                            var at = _clock.ElapsedTicks;
                            foreach (var browser in _live.Where(x => x.TenantSlug == tenant.Slug && x.RevokedAtTicks is null))
                            {
                                browser.EndedBy = "suspension";
                                browser.RevokedAtTicks = at;
                                _ended.Add(browser);
                            }
                        }

                        var reactivate = await SendAsync(random.Next(2) == 0 ? a : b, _root, HttpMethod.Post, $"/api/platform/tenants/{tenant.Id}/reactivate", null, absorb: true);
                        Count("reactivate " + (int)reactivate.StatusCode);
                        if (!await TrySignInAsync(node, tenant.Admin))
                        {
                            Count("admin sign-in refused (another worker suspended the tenant again)");
                        }
                    }
                    else
                    {
                        using var scope = control.Services.CreateScope();
                        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PurgeExpiredSessionsCommand());
                        Count("purge");
                        _counts.AddOrUpdate("purged rows", result.Total, (_, v) => v + result.Total);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Count("transport error");
                }
            }
        }

        private async Task CheckAsync(Node node, Browser browser)
        {
            var started = _clock.ElapsedTicks;
            var response = await SendAsync(node, browser, HttpMethod.Get, "/api/auth/get-session", null, absorb: browser.RevokedAtTicks is null);
            var body = await response.Content.ReadAsStringAsync();
            var accepted = response.StatusCode == HttpStatusCode.OK && body != "null";
            Count(accepted ? "check accepted" : "check refused");
            if (accepted && browser.RevokedAtTicks is { } revokedAt)
            {
                var after = TimeSpan.FromTicks((long)((started - revokedAt) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));
                Count(after > bound ? "ACCEPTED AFTER REVOCATION PAST BOUND" : "accepted after revocation within bound");
                if (after > bound)
                {
                    _violations.Add((node.Name, browser.SessionId, browser.EndedBy, after.TotalMilliseconds));
                    Console.Error.WriteLine($"LATE: node {node.Name} accepted session {browser.SessionId} ({browser.EndedBy}) {after.TotalMilliseconds:F0} ms after its revocation");
                }
                InterlockedMax(ref _worstAcceptedAfterRevocationMs, (long)after.TotalMilliseconds);
            }
        }

        private void End(Browser browser, HttpResponseMessage response, string by)
        {
            if (response.StatusCode == HttpStatusCode.OK && browser.RevokedAtTicks is null)
            {
                browser.EndedBy = by;
                browser.RevokedAtTicks = _clock.ElapsedTicks;
                _ended.Add(browser);
            }
        }

        private async Task<bool> TrySignInAsync(Node node, Browser browser)
        {
            browser.Cookies.Clear();
            var response = await SendAsync(node, browser, HttpMethod.Post, "/api/auth/sign-in/email", new { email = browser.Email, password = Password, rememberMe = true }, absorb: true);
            return response.StatusCode == HttpStatusCode.OK;
        }

        private async Task SignInAsync(Node node, Browser browser)
        {
            browser.Cookies.Clear();
            var response = await SendAsync(node, browser, HttpMethod.Post, "/api/auth/sign-in/email", new { email = browser.Email, password = Password, rememberMe = true }, absorb: true);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"sign-in of {browser.Email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        private static async Task<Guid?> SessionIdAsync(Node node, Browser browser)
        {
            var response = await SendAsync(node, browser, HttpMethod.Get, "/api/auth/get-session", null, absorb: true);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("session", out var session) ? session.GetProperty("id").GetGuid() : null;
        }

        private static async Task<HttpResponseMessage> SendAsync(Node node, Browser browser, HttpMethod method, string path, object? body, bool absorb)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Host = browser.Host;
            Dictionary<string, string> cookies;
            lock (browser.Cookies)
            {
                cookies = new Dictionary<string, string>(browser.Cookies);
            }

            if (cookies.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            if (method != HttpMethod.Get)
            {
                request.Headers.TryAddWithoutValidation("Origin", $"http://{browser.Host}");
                request.Content = body is null ? new StringContent("", System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
            }

            var response = await node.Http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if ((int)response.StatusCode >= 500)
            {
                Console.Error.WriteLine($"5xx: {(int)response.StatusCode} {method} {path} on {node.Name}: {await response.Content.ReadAsStringAsync()}");
                Interlocked.Increment(ref FiveHundreds);
            }

            if (absorb && response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                lock (browser.Cookies)
                {
                    foreach (var cookie in Microsoft.Net.Http.Headers.SetCookieHeaderValue.ParseList(values.ToList()))
                    {
                        var expired = cookie.Expires is { } e && e < DateTimeOffset.UtcNow || cookie.MaxAge is { } m && m <= TimeSpan.Zero || cookie.Value.Length == 0;
                        if (expired)
                        {
                            browser.Cookies.Remove(cookie.Name.ToString());
                        }
                        else
                        {
                            browser.Cookies[cookie.Name.ToString()] = cookie.Value.ToString();
                        }
                    }
                }
            }

            return response;
        }

        private static long FiveHundreds;

        private static Browser? Pick(Random random, ConcurrentBag<Browser> bag)
        {
            var items = bag.ToArray();
            return items.Length == 0 ? null : items[random.Next(items.Length)];
        }

        private void Count(string what) => _counts.AddOrUpdate(what, 1, (_, v) => v + 1);

        private static void InterlockedMax(ref long target, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }

        private string Report(
            TimeSpan duration, int workers, List<(double Minute, long A, long B, string Load)> memory,
            List<(double Minute, string Node, long LiveHeap, long ResidentAfter)> heaps, List<string> violations)
        {
            var total = _counts.Where(c => !c.Key.StartsWith("purged", StringComparison.Ordinal) && !c.Key.StartsWith("ACCEPTED", StringComparison.Ordinal) && !c.Key.StartsWith("accepted after", StringComparison.Ordinal)).Sum(c => c.Value);
            var lines = new List<string>
            {
                $"| measure | value |",
                "|---|---:|",
                $"| duration | {duration.TotalMinutes:F1} min, {workers} workers, 2 node processes |",
                $"| operations | {total:N0} ({total / duration.TotalSeconds:F0}/s) |",
                $"| 5xx responses | {Interlocked.Read(ref FiveHundreds)} |",
                $"| checks accepted after their session was revoked, past the {bound.TotalMilliseconds:F0} ms bound | {_counts.GetValueOrDefault("ACCEPTED AFTER REVOCATION PAST BOUND")} |",
                $"| checks accepted after revocation within the bound (in flight) | {_counts.GetValueOrDefault("accepted after revocation within bound")}, latest {Interlocked.Read(ref _worstAcceptedAfterRevocationMs)} ms after |",
                $"| sessions ended (sign-out, admin, suspension) | {_ended.Count:N0} |",
                $"| rows purged | {_counts.GetValueOrDefault("purged rows"):N0} |",
                $"| load average at the end (1, 5, 15 min) | {Program.LoadAverage()} |",
            };
            lines.AddRange(_counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"| count: {c.Key} | {c.Value:N0} |"));
            lines.Add("");
            lines.Add("| minute | node A RSS | node B RSS | load average |");
            lines.Add("|---:|---:|---:|---|");
            lines.AddRange(memory.Select(m => $"| {m.Minute:F2} | {m.A / 1048576.0:F1} MB | {m.B / 1048576.0:F1} MB | {m.Load} |"));
            if (memory.Count >= 2)
            {
                lines.Add("");
                lines.Add($"RSS growth after the warm-up: node A {Growth(memory.Select(m => (m.Minute, m.A)).ToList())}; node B {Growth(memory.Select(m => (m.Minute, m.B)).ToList())}");
            }

            lines.Add("");
            if (heaps.Count == 0)
            {
                lines.Add("No heap snapshots (dotnet-gcdump did not run: `dotnet tool restore`).");
            }
            else
            {
                lines.Add("Heap snapshots (each after a full, blocking collection induced by dotnet-gcdump):");
                lines.Add("");
                lines.Add("| minute | node | live managed heap | RSS after the collection |");
                lines.Add("|---:|---|---:|---:|");
                lines.AddRange(heaps.Select(h => $"| {h.Minute:F2} | {h.Node} | {h.LiveHeap / 1048576.0:F1} MB | {h.ResidentAfter / 1048576.0:F1} MB |"));
                foreach (var node in heaps.GroupBy(h => h.Node).Where(g => g.Count() >= 2))
                {
                    var (first, last) = (node.First(), node.Last());
                    lines.Add("");
                    lines.Add($"Node {node.Key}, first to last snapshot ({last.Minute - first.Minute:F1} min): live heap {first.LiveHeap / 1048576.0:F1} → {last.LiveHeap / 1048576.0:F1} MB " +
                        $"({(last.LiveHeap - first.LiveHeap) / 1048576.0:+0.0;-0.0} MB), RSS after collection {first.ResidentAfter / 1048576.0:F1} → {last.ResidentAfter / 1048576.0:F1} MB " +
                        $"({(last.ResidentAfter - first.ResidentAfter) / 1048576.0:+0.0;-0.0} MB).");
                }
            }

            if (violations.Count > 0)
            {
                lines.Add("");
                lines.Add("Late acceptances:");
                lines.AddRange(violations);
            }

            return string.Join(Environment.NewLine, lines);
        }

        /// <summary>First to last sample, and the least-squares slope over all samples (MB per minute).</summary>
        private static string Growth(List<(double Minute, long Bytes)> samples)
        {
            var mb = samples.Select(s => (X: s.Minute, Y: s.Bytes / 1048576.0)).ToList();
            var (mx, my) = (mb.Average(p => p.X), mb.Average(p => p.Y));
            var slope = mb.Sum(p => (p.X - mx) * (p.Y - my)) / Math.Max(1e-9, mb.Sum(p => (p.X - mx) * (p.X - mx)));
            var secondHalf = mb.Skip(mb.Count / 2).ToList();
            var (hx, hy) = (secondHalf.Average(p => p.X), secondHalf.Average(p => p.Y));
            var halfSlope = secondHalf.Count < 2 ? 0 : secondHalf.Sum(p => (p.X - hx) * (p.Y - hy)) / Math.Max(1e-9, secondHalf.Sum(p => (p.X - hx) * (p.X - hx)));
            return $"{mb[0].Y:F1} → {mb[^1].Y:F1} MB ({mb[^1].Y - mb[0].Y:+0.0;-0.0} MB), slope {slope:+0.00;-0.00} MB/min overall, {halfSlope:+0.00;-0.00} MB/min over the second half, max {mb.Max(p => p.Y):F1} MB";
        }
    }
}
