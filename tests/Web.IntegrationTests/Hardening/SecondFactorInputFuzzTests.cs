using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// The second-factor and passkey routes fuzzed where the general fuzz test (<see cref="InputFuzzTests"/>) rarely gets
/// past the front door: each request is on the right host with the right origin, from a real caller (with a valid
/// antiforgery token for the pages), and carries a malformed <c>ts_two_factor</c> or <c>ts_passkey</c> cookie, a malformed
/// passkey id or a malformed WebAuthn response. Both 500s of issue 20 came from here (a <c>ts_two_factor</c> of
/// <c>…000.!</c>, a passkey id that is not base64url). Properties: never a 5xx; a forged pending sign-in never yields a
/// session; a rejected request changes nothing. 5,000 requests per provider (<c>TENANTSESSIONS_FUZZ_REQUESTS</c> overrides).
/// </summary>
public abstract class SecondFactorInputFuzzTests(AppFixture app) : IntegrationTest(app)
{
    private const int DefaultRequests = 5_000;

    private static int RequestsPerProvider => int.TryParse(Environment.GetEnvironmentVariable("TENANTSESSIONS_FUZZ_REQUESTS"), out var n) && n > 0 ? n : DefaultRequests;

    private static readonly string[] Handlers = ["", "Enable", "Confirm", "Disable", "Remove", "Delete", "Regenerate", "Rename", "StepUp", "Cancel", "Backup"];

    private static readonly string[] Fields = ["id", "code", "trustDevice", "password", "name", "response", "userId", "requirement", "backupCode"];

    private static readonly string[] FormFields = ["Code", "code", "password", "Password", "Id", "id", "Name", "name", "BackupCode", "ReturnUrl", "TrustDevice"];

    private static readonly string[] Strings =
    [
        "", " ", "000000", "123456", "000.!", "AAAA.!!!!", ".", "..", "!", "-_-_", "AAAAAAAAAAAAAAAAAAAAAA", "AAAA====", "%00", "\u0000", "\uD800",
        "' OR 1=1 --", "<script>alert(1)</script>", "null", "true", "-1", "1e309", "public-key", TestClient.DemoPassword, "wrong",
        "00000000-0000-0000-0000-000000000000", "//evil.example", "/\\evil.localhost/x", new string('A', 5000), new string('!', 300),
    ];

    private enum Caller { Anonymous, Member, Admin }

    private enum CookieValue { None, Literal, Base64Pair, Base64, RandomText, Huge, IdThenJunk, IdThenAlmostAVerifier }

    private enum BodyKind { None, Json, JsonWithCredential, MalformedJson, Form }

    private sealed record Request(
        int Route, int Method, Caller Caller, CookieValue TwoFactor, CookieValue Passkey, string Text, byte[] Bytes,
        BodyKind Body, (string Name, string Value)[] Values, string Handler)
    {
        public override string ToString() =>
            $"route#{Route} method#{Method} {Caller} two-factor={TwoFactor} passkey={Passkey} body={Body} handler={Handler} text={Text[..Math.Min(Text.Length, 40)]} values=[{string.Join(", ", Values.Select(v => v.Name + "=" + (v.Value.Length > 40 ? v.Value[..40] + "…" : v.Value)))}]";
    }

    private sealed record Identity(TestClient Client, string Antiforgery);

    [Fact]
    [Trait("Category", "Fuzz")]
    public async Task MalformedSecondFactorCookiesIdsAndCredentialsNeverFailWithA5xxNorYieldASession()
    {
        var routes = Routes();
        var callers = new Dictionary<Caller, Identity>();
        var hits = new int[routes.Count];

        await FuzzRun.RunAsync(App, Generator(routes.Count), RequestsPerProvider, () => CallersAsync(callers), request =>
        {
            hits[request.Route]++;
            return Build(request, routes[request.Route], callers);
        }, (request, _, response, _, _) =>
        {
            if (request.Caller == Caller.Anonymous)
            {
                Assert.False(TestClient.SetCookies(response).Any(c => c.Name.Value is "ts_session" && !string.IsNullOrEmpty(c.Value.Value)), $"an anonymous request with a forged cookie got a session: {request}");
            }
        });

        Assert.True(hits.All(h => h > 0), "routes never fuzzed: " + string.Join(", ", routes.Where((_, i) => hits[i] == 0).Select(r => r.Pattern)));
    }

    [Fact]
    public void TheRoutesAreTheSecondFactorAndPasskeyRoutesOfTheApiAndThePages()
    {
        var patterns = Routes().Select(r => r.Pattern).ToList();

        Assert.Contains("/sign-in/two-factor", patterns, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("/api/auth/passkey/delete-passkey", patterns);
        Assert.Contains("/api/auth/passkey/verify-authentication", patterns);
        Assert.Contains("/api/auth/two-factor/verify-totp", patterns);
        Assert.Contains(patterns, p => p.Equals("/account/passkeys", StringComparison.OrdinalIgnoreCase));
    }

    private List<FuzzRoute> Routes() =>
        FuzzRun.Routes(App, p => p.Contains("two-factor", StringComparison.OrdinalIgnoreCase) || p.Contains("passkey", StringComparison.OrdinalIgnoreCase));

    private static Gen<Request> Generator(int routeCount)
    {
        var text = Gen.OneOf(
            Gen.Int[0, Strings.Length - 1].Select(i => Strings[i]),
            Gen.Char.Array[0, 60].Select(c => new string(c)),
            Gen.Byte.Array[0, 80].Select(Base64Url));
        var value = Gen.Select(Gen.Int[0, Math.Max(Fields.Length, FormFields.Length) - 1], text, Gen.Bool, (i, t, form) => (form ? FormFields[i % FormFields.Length] : Fields[i % Fields.Length], t));
        return Gen.Select(
            Gen.Select(Gen.Int[0, routeCount - 1], Gen.Int[0, 3], Gen.Enum<Caller>(), Gen.Enum<CookieValue>(), Gen.Enum<CookieValue>()),
            Gen.Select(text, Gen.Byte.Array[0, 200]),
            Gen.Select(Gen.Enum<BodyKind>(), value.Array[0, 5], Gen.Int[0, Handlers.Length - 1]),
            (a, b, c) => new Request(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, c.Item1, c.Item2, Handlers[c.Item3]));
    }

    private static HttpRequestMessage Build(Request r, FuzzRoute route, Dictionary<Caller, Identity> callers)
    {
        var method = r.Method < route.Methods.Length ? route.Methods[r.Method] : route.Methods[^1];
        var path = string.Join('/', route.Pattern.Split('/').Select(s => s.StartsWith('{') ? Uri.EscapeDataString(r.Text.Length == 0 ? "x" : r.Text) : s));
        var query = r.Handler.Length > 0 ? $"?handler={r.Handler}" : "";
        var message = new HttpRequestMessage(new HttpMethod(method), "http://acme.localhost" + path + query);
        message.Headers.TryAddWithoutValidation("Host", "acme.localhost");
        message.Headers.TryAddWithoutValidation("Origin", "http://acme.localhost");

        var identity = callers[r.Caller];
        var cookies = identity.Client.Cookies.Select(c => $"{c.Key}={c.Value}").ToList();
        if (Cookie(r.TwoFactor, r) is { } twoFactor)
        {
            cookies.Add($"ts_two_factor={twoFactor}");
        }

        if (Cookie(r.Passkey, r) is { } passkey)
        {
            cookies.Add($"ts_passkey={passkey}");
        }

        if (cookies.Count > 0)
        {
            message.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies));
        }

        message.Content = r.Body switch
        {
            BodyKind.Json => new StringContent(Json(r.Values, credential: null), Encoding.UTF8, "application/json"),
            BodyKind.JsonWithCredential => new StringContent(Json(r.Values, Credential(r)), Encoding.UTF8, "application/json"),
            BodyKind.MalformedJson => new StringContent("{\"response\":{\"id\":" + r.Text, Encoding.UTF8, "application/json"),
            BodyKind.Form => new FormUrlEncodedContent(r.Values.Select(v => KeyValuePair.Create(v.Name, v.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", identity.Antiforgery)).DistinctBy(v => v.Key)),
            _ => null,
        };
        return message;
    }

    private static string? Cookie(CookieValue kind, Request r) => kind switch
    {
        CookieValue.None => null,
        CookieValue.Literal => Uri.EscapeDataString(r.Text),
        CookieValue.Base64Pair => $"{Base64Url(r.Bytes)}.{Base64Url(r.Bytes.Reverse().ToArray())}",
        CookieValue.Base64 => Base64Url(r.Bytes),
        CookieValue.RandomText => (Base64Url(r.Bytes) + "000.!")[..Math.Min(r.Bytes.Length + 5, 300)],
        CookieValue.IdThenJunk => $"{Guid.CreateVersion7():N}.{Uri.EscapeDataString(r.Text)}",
        CookieValue.IdThenAlmostAVerifier => $"{Guid.CreateVersion7():N}.{Base64Url(r.Bytes.Length >= 32 ? r.Bytes[..32] : [.. r.Bytes, .. new byte[32 - r.Bytes.Length]])[..42]}!",
        _ => new string('A', 6000) + ".!",
    };

    private static Dictionary<string, object?> Credential(Request r)
    {
        var junk = r.Text;
        var b64 = Base64Url(r.Bytes);
        return new Dictionary<string, object?>
        {
            ["id"] = r.Bytes.Length % 3 == 0 ? junk : b64,
            ["rawId"] = r.Bytes.Length % 2 == 0 ? b64 : junk,
            ["type"] = r.Bytes.Length % 5 == 0 ? junk : "public-key",
            ["response"] = new Dictionary<string, object?>
            {
                ["clientDataJSON"] = r.Bytes.Length % 2 == 0 ? b64 : Base64Url(Encoding.UTF8.GetBytes("{\"type\":\"webauthn.get\",\"challenge\":\"" + b64 + "\",\"origin\":\"http://acme.localhost\"}")),
                ["authenticatorData"] = b64,
                ["signature"] = junk,
                ["userHandle"] = r.Bytes.Length % 4 == 0 ? null : b64,
                ["attestationObject"] = b64,
            },
            ["clientExtensionResults"] = new Dictionary<string, object?>(),
        };
    }

    private static string Json((string Name, string Value)[] values, Dictionary<string, object?>? credential)
    {
        var body = values.DistinctBy(v => v.Name).ToDictionary(v => v.Name, v => (object?)(
            bool.TryParse(v.Value, out var b) ? b
            : long.TryParse(v.Value, out var n) ? n
            : v.Value == "null" ? null
            : v.Value));
        if (credential is not null)
        {
            body["response"] = credential;
        }

        return JsonSerializer.Serialize(body);
    }

    private static string Base64Url(byte[] bytes) => FuzzRun.Base64Url(bytes);

    /// <summary>Nobody, bob and alice, each with the cookies and the antiforgery token of a page they opened.</summary>
    private async Task CallersAsync(Dictionary<Caller, Identity> callers)
    {
        App.Services.GetRequiredService<TenantSessions.Application.Auth.Throttling.SignInThrottle>().Clear();
        foreach (var (caller, email) in new[] { (Caller.Anonymous, ""), (Caller.Member, "bob@acme.test"), (Caller.Admin, "alice@acme.test") })
        {
            var client = App.Client("acme");
            if (email.Length > 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(email)).StatusCode);
            }

            var page = await Html.ParseAsync(await client.GetAsync(email.Length > 0 ? "/account/passkeys" : "/sign-in"));
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
            callers[caller] = new Identity(client, token);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSecondFactorInputFuzzTests(SqliteAppFixture app) : SecondFactorInputFuzzTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSecondFactorInputFuzzTests(PostgresAppFixture app) : SecondFactorInputFuzzTests(app);
