using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace TenantSessions.Benchmarks;

/// <summary>
/// A few closed-loop clients, each with a short think time: sign-in (password check + a new session row),
/// get-session answered from the cookie cache (no query), and get-session with only the session cookie (the
/// database path: one query by token hash).
/// </summary>
public sealed class Load(BenchApp app, IReadOnlyList<BenchTenant> tenants, BenchOptions options)
{
    public const string SignIn = "sign-in";
    public const string CacheHit = "get-session (cookie cache)";
    public const string DatabasePath = "get-session (database)";

    public static readonly string[] Kinds = [SignIn, CacheHit, DatabasePath];

    private readonly List<(HttpClient Client, string Session)> _signedIn = [];
    private readonly List<string> _cacheCookies = [];

    public async Task PrepareAsync()
    {
        for (var i = 0; i < options.Concurrency * 2; i++)
        {
            var tenant = tenants[i % tenants.Count];
            var client = Client(tenant);
            var response = await SignInAsync(client, tenant);
            var session = Cookie(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()), "ts_session");
            _signedIn.Add((client, session));
            _cacheCookies.Add(await GetSessionAsync(client, $"ts_session={session}")
                ?? throw new InvalidOperationException("get-session issued no cache cookie"));
        }

        await RunAsync(Task.Delay(TimeSpan.FromSeconds(3)));
    }

    public async Task<Dictionary<string, Latencies>> RunAsync(Task until)
    {
        var results = Kinds.ToDictionary(k => k, _ => new Latencies());
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>();
        for (var c = 0; c < options.Concurrency; c++)
        {
            var worker = c;
            loops.Add(Loop(results[SignIn], stop.Token, async n =>
            {
                var tenant = tenants[(worker * 7919 + n) % tenants.Count];
                await SignInAsync(Client(tenant), tenant);
            }));
            loops.Add(Loop(results[CacheHit], stop.Token, async _ =>
            {
                var (client, session) = _signedIn[worker];
                var reissued = await GetSessionAsync(client, $"ts_session={session}; ts_session_cache={_cacheCookies[worker]}");
                _cacheCookies[worker] = reissued ?? _cacheCookies[worker];
            }));
            loops.Add(Loop(results[DatabasePath], stop.Token, async _ =>
            {
                var (client, session) = _signedIn[options.Concurrency + worker];
                await GetSessionAsync(client, $"ts_session={session}");
            }));
        }

        await until;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return results;
    }

    private async Task Loop(Latencies latencies, CancellationToken stop, Func<int, Task> request)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var started = Stopwatch.GetTimestamp();
            await request(n);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(options.ThinkMs, CancellationToken.None);
        }
    }

    private HttpClient Client(BenchTenant tenant) => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = new Uri($"http://{tenant.Slug}.localhost/"),
    });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, BenchTenant tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in/email")
        {
            Content = JsonContent.Create(new { email = tenant.Email, password = BenchApp.Password, rememberMe = true }),
        };
        request.Headers.TryAddWithoutValidation("Origin", $"http://{tenant.Slug}.localhost");
        var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    /// <summary>Returns the re-issued cache cookie, if the response carried one.</summary>
    private static async Task<string?> GetSessionAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || body == "null")
        {
            throw new InvalidOperationException($"get-session failed: {(int)response.StatusCode} {body}");
        }

        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList()).FirstOrDefault(c => c.Name == "ts_session_cache" && c.Value.Length > 0)?.Value.ToString()
            : null;
    }

    private static string Cookie(IEnumerable<SetCookieHeaderValue> cookies, string name) =>
        cookies.First(c => c.Name == name && c.Value.Length > 0).Value.ToString();
}

public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public void AddAll(Latencies other)
    {
        lock (other._milliseconds)
        {
            lock (_milliseconds)
            {
                _milliseconds.AddRange(other._milliseconds);
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    public string Row(string kind, string phase) => string.Create(CultureInfo.InvariantCulture,
        $"| {kind} | {phase} | {Count} | {P50:F1} | {Percentile(0.95):F1} | {P99:F1} | {Percentile(1):F1} |");

    private double Percentile(double p)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _milliseconds.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }
    }
}
