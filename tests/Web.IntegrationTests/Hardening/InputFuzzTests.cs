using System.Net;
using System.Text;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Property-based input testing (issue 11, CsCheck): thousands of generated requests against every route the app maps
/// (read from its endpoint data source, so a new route is fuzzed the day it is added) with random, malformed and
/// oversized cookies, Host and Origin headers, JSON bodies and form posts, sent as nobody, a member, a tenant admin and
/// the superadmin. Properties: never a 5xx; a cookie we did not issue never authenticates anyone; a rejected request
/// (4xx) changes nothing in the database. 6,000 requests on SQLite and 4,000 on PostgreSQL: 10,000 a run
/// (<c>TENANTSESSIONS_FUZZ_REQUESTS</c> overrides the number per provider, e.g. for a long local run).
/// </summary>
public abstract class InputFuzzTests(AppFixture app) : IntegrationTest(app)
{
    protected abstract int DefaultRequests { get; }

    private int RequestsPerProvider => int.TryParse(Environment.GetEnvironmentVariable("TENANTSESSIONS_FUZZ_REQUESTS"), out var n) && n > 0 ? n : DefaultRequests;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private static readonly string[] Hosts =
    [
        "acme.localhost", "acme.localhost", "globex.localhost", "localhost", "localhost", "initech.localhost", "ACME.localhost.",
        "nowhere.localhost", "evil.example", "acme.localhost.evil.example", "acme..localhost", "-.localhost", "xn--80ak6aa92e.localhost",
        new string('a', 300) + ".localhost", "acme.localhost:8080", "127.0.0.1", "[::1]", "acme.localhost%00", "acme localhost",
    ];

    private static readonly string[] Handlers = ["", "Purge", "Revoke", "RevokeAll", "RevokeOthers", "Ban", "Unban", "Suspend", "Reactivate", "RevokeSessions", "StepUp", "Save", "../../x", "%00"];

    private static readonly string[] Fields =
    [
        "email", "password", "rememberMe", "name", "userId", "sessionId", "token", "id", "reason", "currentPassword", "newPassword",
        "revokeOtherSessions", "expiresIn", "updateAge", "freshAge", "absoluteLifetime", "maxConcurrentSessions", "concurrentSessionAction",
        "callbackURL", "returnUrl",
    ];

    private static readonly string[] FormFields =
    [
        "Input.Email", "Input.Password", "Input.RememberMe", "Input.Name", "Input.ExpiresIn", "Input.ExpiresInUnit", "Input.UpdateAge", "Input.UpdateAgeUnit",
        "Input.FreshAge", "Input.AbsoluteLifetime", "Input.MaxConcurrentSessions", "Input.ConcurrentSessionAction", "Password", "Reason", "SessionId", "Id",
        "__RequestVerificationToken", "returnUrl",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "bob@acme.test", "alice@acme.test", "root@platform.test", "nobody@acme.test", TestClient.DemoPassword, "wrong", "' OR 1=1 --",
        "<script>alert(1)</script>", "../../etc/passwd", "\u0000", "\uD800", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "null", "true", "-1", "0", "1e309", "NaN",
        "79228162514264337593543950335", "-79228162514264337593543950335", "00000000-0000-0000-0000-000000000000", "days", "hours", "minutes",
        "refuseNew", "endOldest", "kickEveryone", "javascript:alert(1)", "//evil.example", "%2e%2e%2f", new string('x', 5000),
    ];

    private enum CookieKind { None, Genuine, RandomToken, UnissuedVerifier, Tampered, Huge, SqlLike, Duplicated, LookAlike, ForeignCache, GarbageCache }

    private enum Caller { Anonymous, Member, Admin, Superadmin }

    private enum BodyKind { None, Json, MalformedJson, HugeJson, Form, WrongContentType, RandomBytes }

    private sealed record FuzzRequest(
        int Route, string Method, string Host, int Origin, Caller Caller, CookieKind Cookies, int PathPick, string Junk,
        BodyKind Body, (string Name, string Value)[] Values, string Handler, byte[] Bytes)
    {
        public override string ToString() => $"{Method} route#{Route} host={Host} origin#{Origin} {Caller}/{Cookies} body={Body} handler={Handler} values=[{string.Join(", ", Values.Select(v => v.Name + "=" + (v.Value.Length > 40 ? v.Value[..40] + "…" : v.Value)))}] junk={Junk[..Math.Min(Junk.Length, 40)]}";
    }

    [Fact]
    [Trait("Category", "Fuzz")]
    public async Task GeneratedRequestsNeverFailWithA5xxNeverAuthenticateAForgedCookieAndChangeNothingWhenRejected()
    {
        var routes = Routes();
        var callers = new Dictionary<Caller, TestClient>();
        var hits = new int[routes.Count];

        await FuzzRun.RunAsync(App, Generator(routes.Count), RequestsPerProvider, () => SignInCallersAsync(callers), request =>
        {
            hits[request.Route]++;
            return Build(request, routes[request.Route], callers);
        }, (request, message, _, status, body) =>
        {
            var route = routes[request.Route];
            if (request.Cookies is not (CookieKind.None or CookieKind.Genuine))
            {
                if (route.Pattern == "/api/auth/get-session" && request.Method == "GET" && status == 200)
                {
                    Assert.True(body == "null", $"a forged cookie was accepted by get-session: {request}");
                }

                Assert.False(route.RequiresAuthentication && route.Methods.Contains(message.Method.Method) && status is >= 200 and < 300, $"a forged cookie got {status} from {route.Pattern}: {request}");
            }
        });

        Assert.True(hits.All(h => h > 0), "routes never fuzzed: " + string.Join(", ", routes.Where((_, i) => hits[i] == 0).Select(r => r.Pattern)));
    }

    [Fact]
    public void TheRouteListComesFromTheAppAndCoversTheApiThePagesAndTheDashboard()
    {
        var patterns = Routes().Select(r => r.Pattern).ToList();

        Assert.Contains("/api/auth/sign-in/email", patterns);
        Assert.Contains("/api/platform/tenants/{id:guid}/suspend", patterns);
        Assert.Contains(patterns, p => p.StartsWith("/admin/settings", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(patterns, p => p.StartsWith("/platform/jobs", StringComparison.Ordinal));
        Assert.True(patterns.Count >= 30, $"only {patterns.Count} routes found");
    }

    private List<FuzzRoute> Routes() => FuzzRun.Routes(App);

    private static Gen<FuzzRequest> Generator(int routeCount)
    {
        var text = Gen.OneOf(
            Gen.Int[0, Strings.Length - 1].Select(i => Strings[i]),
            Gen.Char.Array[0, 60].Select(c => new string(c)),
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var value = Gen.Select(Gen.Int[0, Math.Max(Fields.Length, FormFields.Length) - 1], text, Gen.Bool, (i, t, form) => (form ? FormFields[i % FormFields.Length] : Fields[i % Fields.Length], t));
        return Gen.Select(
            Gen.Select(Gen.Int[0, routeCount - 1], Gen.Int[0, 9], Gen.Int[0, Methods.Length - 1], Gen.Int[0, Hosts.Length - 1], Gen.Int[0, 6]),
            Gen.Select(Gen.Enum<Caller>(), Gen.Enum<CookieKind>(), Gen.Int[0, 5], Gen.Char.Array[0, 80].Select(c => new string(c))),
            Gen.Select(Gen.Enum<BodyKind>(), value.Array[0, 6], Gen.Int[0, Handlers.Length - 1], Gen.Byte.Array[0, 300]),
            (a, b, c) => new FuzzRequest(
                a.Item1, a.Item2 < 7 ? "" : Methods[a.Item3], Hosts[a.Item4], a.Item5,
                b.Item1, b.Item2, b.Item3, b.Item4,
                c.Item1, c.Item2, Handlers[c.Item3], c.Item4));
    }

    private static HttpRequestMessage Build(FuzzRequest r, FuzzRoute route, Dictionary<Caller, TestClient> callers)
    {
        var method = r.Method.Length > 0 ? r.Method : route.Methods[r.Junk.Length % route.Methods.Length];
        var path = Path(route.Pattern, r);
        var query = r.Handler.Length > 0 ? $"?handler={Uri.EscapeDataString(r.Handler)}" : r.PathPick == 5 ? "?returnUrl=" + Uri.EscapeDataString(r.Junk) : "";
        var message = new HttpRequestMessage(new HttpMethod(method), "http://acme.localhost" + path + query);
        message.Headers.TryAddWithoutValidation("Host", r.Host);
        var origin = r.Origin switch
        {
            0 or 1 => $"http://{r.Host}",
            2 => "http://evil.example",
            3 => "http://globex.localhost",
            4 => "null",
            5 => r.Junk,
            _ => null,
        };
        if (origin is not null)
        {
            message.Headers.TryAddWithoutValidation("Origin", origin);
        }

        var cookie = CookieHeader(r, callers);
        if (cookie is not null)
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        message.Content = r.Body switch
        {
            BodyKind.Json => new StringContent(Json(r.Values), Encoding.UTF8, "application/json"),
            BodyKind.MalformedJson => new StringContent(Json(r.Values)[..Math.Max(1, Json(r.Values).Length / 2)] + r.Junk, Encoding.UTF8, "application/json"),
            BodyKind.HugeJson => new StringContent($"{{\"email\":\"{new string('a', 64 * 1024)}\",\"nested\":{new string('[', 200)}{new string(']', 200)}}}", Encoding.UTF8, "application/json"),
            BodyKind.Form => new FormUrlEncodedContent(r.Values.Select(v => KeyValuePair.Create(v.Name, v.Value))),
            BodyKind.WrongContentType => new StringContent(Json(r.Values), Encoding.UTF8, r.Junk.Length % 2 == 0 ? "text/plain" : "application/x-www-form-urlencoded"),
            BodyKind.RandomBytes => new ByteArrayContent(r.Bytes) { Headers = { { "Content-Type", r.Junk.Length % 2 == 0 ? "application/json" : "multipart/form-data; boundary=x" } } },
            _ => null,
        };
        return message;
    }

    private static string Path(string pattern, FuzzRequest r)
    {
        var segments = pattern.Split('/').Select(segment =>
        {
            if (!segment.StartsWith('{'))
            {
                return segment;
            }

            return segment.StartsWith("{**", StringComparison.Ordinal) || r.PathPick == 4
                ? Uri.EscapeDataString(r.Junk.Length == 0 ? "x" : r.Junk)
                : r.PathPick switch
                {
                    0 => Guid.NewGuid().ToString(),
                    1 => Guid.Empty.ToString(),
                    2 => "not-a-guid",
                    3 => new string('9', 2000),
                    _ => Guid.CreateVersion7().ToString(),
                };
        });
        return string.Join('/', segments).Replace("//", "/", StringComparison.Ordinal) is { Length: > 0 } p ? p : "/";
    }

    private static string Json((string Name, string Value)[] values) =>
        System.Text.Json.JsonSerializer.Serialize(values.DistinctBy(v => v.Name).ToDictionary(v => v.Name, v => (object?)(
            bool.TryParse(v.Value, out var b) ? b
            : long.TryParse(v.Value, out var n) ? n
            : v.Value == "null" ? null
            : v.Value)));

    /// <summary>Genuine cookies of the chosen caller, or something that looks like a session cookie but was never issued.</summary>
    private static string? CookieHeader(FuzzRequest r, Dictionary<Caller, TestClient> callers)
    {
        var genuine = r.Caller == Caller.Anonymous ? null : callers[r.Caller];
        var token = genuine?.SessionToken ?? callers[Caller.Member].SessionToken ?? "";
        var cache = genuine?.CacheCookie ?? callers[Caller.Member].CacheCookie ?? "";
        var selector = token.Split('.')[0];
        return r.Cookies switch
        {
            CookieKind.None => null,
            CookieKind.Genuine => genuine is null ? null : string.Join("; ", genuine.Cookies.Select(c => $"{c.Key}={c.Value}")),
            CookieKind.RandomToken => $"ts_session={Base64Url(r.Bytes)}",
            CookieKind.UnissuedVerifier => $"ts_session={selector}.{Base64Url(r.Bytes.Length > 0 ? r.Bytes : [1, 2, 3])}",
            CookieKind.Tampered => $"ts_session={Flip(token, r.Junk.Length)}; ts_session_cache={cache}",
            CookieKind.Huge => $"ts_session={new string('A', 9000)}; ts_session_cache={new string('B', 9000)}",
            CookieKind.SqlLike => "ts_session=' OR '1'='1; ts_session_cache=1;DROP TABLE Sessions",
            CookieKind.Duplicated => $"ts_session={Base64Url(r.Bytes)}; ts_session={Flip(token, 3)}",
            CookieKind.LookAlike => $" ts_session ={token}; TS_SESSION={token}; ts_session%00={token}; __Host-ts_session={token}x",
            CookieKind.ForeignCache => $"ts_session={Base64Url(r.Bytes)}.{Base64Url(r.Bytes)}; ts_session_cache={cache}",
            _ => $"ts_session_cache={Uri.EscapeDataString(r.Junk)}",
        };
    }

    private static string Base64Url(byte[] bytes) => FuzzRun.Base64Url(bytes);

    private static string Flip(string token, int at)
    {
        if (token.Length == 0)
        {
            return "x";
        }

        var chars = token.ToCharArray();
        var i = at % chars.Length;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private async Task SignInCallersAsync(Dictionary<Caller, TestClient> callers)
    {
        App.Services.GetRequiredService<TenantSessions.Application.Auth.Throttling.SignInThrottle>().Clear();
        foreach (var (caller, slug, email) in new[] { (Caller.Member, "acme", "bob@acme.test"), (Caller.Admin, "acme", "alice@acme.test"), (Caller.Superadmin, "", "root@platform.test") })
        {
            var client = slug.Length == 0 ? App.PlatformClient() : App.Client(slug);
            if ((await client.SignInAsync(email)).StatusCode == HttpStatusCode.OK)
            {
                await client.GetAsync("/api/auth/get-session");
                callers[caller] = client;
            }
            else
            {
                callers.TryAdd(caller, client);
            }
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteInputFuzzTests(SqliteAppFixture app) : InputFuzzTests(app)
{
    protected override int DefaultRequests => 6_000;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresInputFuzzTests(PostgresAppFixture app) : InputFuzzTests(app)
{
    protected override int DefaultRequests => 4_000;
}
