using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
/// Soak run (issue 11): two real Kestrel nodes on one PostgreSQL database with Redis pub/sub, mixed traffic for a few
/// minutes — session checks on either node, sign-ins, sign-outs, admin revocations, tenant suspensions and purges —
/// counting 5xx answers, checks accepted after their session was revoked (past the propagation bound), and memory.
/// <code>dotnet run -c Release --project benchmarks/TenantSessions.Soak -- [--minutes 5] [--workers 8] [--bound-ms 1000]</code>
/// Needs TENANTSESSIONS_POSTGRES (a login that may create databases) and Redis at TENANTSESSIONS_REDIS (default 127.0.0.1:6379).
/// </summary>
public static class Program
{
    private const string Password = "Soak-passw0rd!";

    public static async Task<int> Main(string[] args)
    {
        var minutes = double.Parse(Arg(args, "minutes", "5"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg(args, "workers", "8"), CultureInfo.InvariantCulture);
        var bound = TimeSpan.FromMilliseconds(int.Parse(Arg(args, "bound-ms", "1000"), CultureInfo.InvariantCulture));
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

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TENANTSESSIONS_WEB", Path.Combine(repository?.FullName ?? ".", "src", "Web"));
        await AdminAsync(server, $"CREATE DATABASE \"{database}\"");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = connection,
                ["Demo:Seed"] = "false",
                ["Hangfire:Server"] = "false",
                ["RateLimiting:SignInPerMinute"] = "1000000",
                ["Redis:Configuration"] = redis,
                ["Revocation:RedisChannel"] = $"tenantsessions-soak:{Guid.NewGuid():N}",
                ["Sessions:HistoryRetention"] = "00:00:20",
                ["Sessions:Purge:Grace"] = "00:00:00",
                ["Sessions:Purge:BatchPause"] = "00:00:00.010",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
                ["Logging:LogLevel:TenantSessions"] = "Error",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            };
            await using var a = new Node("A", settings);
            await using var b = new Node("B", settings);
            await a.StartAsync();
            await b.StartAsync();
            var run = new SoakRun(a, b, bound);
            await run.SeedAsync();
            Console.WriteLine($"Soak: {minutes} min, {workers} workers, bound {bound.TotalMilliseconds} ms, database {database}");
            var report = await run.RunAsync(TimeSpan.FromMinutes(minutes), workers);
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

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

    /// <summary>One app node on real Kestrel (an ephemeral port), real clock, production start-up.</summary>
    private sealed class Node(string name, Dictionary<string, string?> settings) : WebApplicationFactory<global::Program>
    {
        public string Name { get; } = name;

        public HttpClient Http { get; private set; } = null!;

        public async Task StartAsync()
        {
            UseKestrel(0);
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
            {
                BaseAddress = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal)),
                Timeout = TimeSpan.FromSeconds(30),
            };
            await Task.CompletedTask;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 10_000));
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

        public string? TenantSlug { get; init; }
    }

    private sealed class SoakRun(Node a, Node b, TimeSpan bound)
    {
        private readonly ConcurrentBag<Browser> _live = [];
        private readonly ConcurrentBag<Browser> _ended = [];
        private readonly List<(Guid Id, string Slug, Browser Admin, List<string> Members)> _tenants = [];
        private readonly ConcurrentDictionary<string, long> _counts = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private Browser _root = null!;
        private long _worstAcceptedAfterRevocationMs;

        public async Task SeedAsync()
        {
            var output = new StringWriter();
            if (await SuperadminSetup.RunAsync(a.Services, ["create-superadmin", "--email", "soak@platform.test"], new StringReader(Password + "\n"), output, CancellationToken.None) != 0)
            {
                throw new InvalidOperationException(output.ToString());
            }

            _root = new Browser("localhost", "soak@platform.test");
            await SignInAsync(a, _root);
            for (var t = 0; t < 5; t++)
            {
                var slug = $"soak{t}";
                var tenant = new Tenant(Guid.CreateVersion7(), slug, $"Soak {t}", DateTimeOffset.UtcNow);
                using (var scope = a.Services.CreateScope())
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
                        using var scope = a.Services.CreateScope();
                        var users = scope.ServiceProvider.GetRequiredService<UserManager<TenantSessions.Domain.Users.ApplicationUser>>();
                        var scopeTenant = scope.ServiceProvider.GetRequiredService<TenantSessions.Infrastructure.SessionEngine.TenantContext>();
                        scopeTenant.Set(await scope.ServiceProvider.GetRequiredService<TenantSessions.Infrastructure.SessionEngine.ITenantStore>().FindBySlugAsync(slug, CancellationToken.None));
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

        public async Task<string> RunAsync(TimeSpan duration, int workers)
        {
            var memory = new List<(double Minute, long Managed, long WorkingSet)>();
            var deadline = _clock.Elapsed + duration;
            var sampler = Task.Run(async () =>
            {
                while (_clock.Elapsed < deadline)
                {
                    memory.Add((_clock.Elapsed.TotalMinutes, GC.GetTotalMemory(forceFullCollection: true), Process.GetCurrentProcess().WorkingSet64));
                    await Task.Delay(TimeSpan.FromSeconds(15));
                }
            });
            var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, deadline))).ToList();
            await Task.WhenAll(tasks.Append(sampler));
            memory.Add((_clock.Elapsed.TotalMinutes, GC.GetTotalMemory(forceFullCollection: true), Process.GetCurrentProcess().WorkingSet64));
            return Report(duration, workers, memory);
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
                            End(browser, response);
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
                            End(browser, response);
                        }
                    }
                    else if (roll < 985)
                    {
                        var tenant = _tenants[random.Next(_tenants.Count)];
                        var suspend = await SendAsync(node, _root, HttpMethod.Post, $"/api/platform/tenants/{tenant.Id}/suspend", new { reason = "Soak test" }, absorb: true);
                        Count("suspend " + (int)suspend.StatusCode);
                        if (suspend.StatusCode == HttpStatusCode.OK)
                        {
                            var at = _clock.ElapsedTicks;
                            foreach (var browser in _live.Where(x => x.TenantSlug == tenant.Slug && x.RevokedAtTicks is null))
                            {
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
                        using var scope = node.Services.CreateScope();
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
                InterlockedMax(ref _worstAcceptedAfterRevocationMs, (long)after.TotalMilliseconds);
            }
        }

        private void End(Browser browser, HttpResponseMessage response)
        {
            if (response.StatusCode == HttpStatusCode.OK && browser.RevokedAtTicks is null)
            {
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

        private string Report(TimeSpan duration, int workers, List<(double Minute, long Managed, long WorkingSet)> memory)
        {
            var total = _counts.Where(c => !c.Key.StartsWith("purged", StringComparison.Ordinal) && !c.Key.StartsWith("ACCEPTED", StringComparison.Ordinal) && !c.Key.StartsWith("accepted after", StringComparison.Ordinal)).Sum(c => c.Value);
            var lines = new List<string>
            {
                $"| measure | value |",
                "|---|---:|",
                $"| duration | {duration.TotalMinutes:F1} min, {workers} workers, 2 nodes |",
                $"| operations | {total:N0} ({total / duration.TotalSeconds:F0}/s) |",
                $"| 5xx responses | {Interlocked.Read(ref FiveHundreds)} |",
                $"| checks accepted after their session was revoked, past the {bound.TotalMilliseconds:F0} ms bound | {_counts.GetValueOrDefault("ACCEPTED AFTER REVOCATION PAST BOUND")} |",
                $"| checks accepted after revocation within the bound (in flight) | {_counts.GetValueOrDefault("accepted after revocation within bound")}, latest {Interlocked.Read(ref _worstAcceptedAfterRevocationMs)} ms after |",
                $"| sessions ended (sign-out, admin, suspension) | {_ended.Count:N0} |",
                $"| rows purged | {_counts.GetValueOrDefault("purged rows"):N0} |",
            };
            lines.AddRange(_counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"| count: {c.Key} | {c.Value:N0} |"));
            lines.Add("");
            lines.Add("| minute | managed heap after full GC | working set |");
            lines.Add("|---:|---:|---:|");
            lines.AddRange(memory.Select(m => $"| {m.Minute:F1} | {m.Managed / 1048576.0:F1} MB | {m.WorkingSet / 1048576.0:F0} MB |"));
            return string.Join(Environment.NewLine, lines);
        }
    }
}
