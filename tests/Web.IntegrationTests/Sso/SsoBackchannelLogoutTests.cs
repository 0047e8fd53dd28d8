using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TenantSessions.Domain.Sso;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Sso;

/// <summary>
/// Issue 22 item 6: the Back-Channel Logout 1.0 receiver. Logout tokens are signed with the test IdP's own key (or
/// forged), and every refusal of section 2.6 is a 400 <c>invalid_request</c> that ends nothing.
/// </summary>
public abstract class SsoBackchannelLogoutTests(AppFixture app) : IntegrationTest(app)
{
    private const string Path = "/api/auth/sso/backchannel-logout/okta";

    [Fact]
    public async Task AValidLogoutTokenEndsTheSessionOfThatIdpSessionThroughTheFeedEvenWithAWarmCache()
    {
        var (idp, client) = await ConnectAsync();
        var dave = App.Client("acme");
        await SsoSignInTests.SignInThroughIdpAsync(idp, dave, "dave@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await dave.WarmCacheAsync(App);
        var sid = await App.QueryAsync(db => db.SsoSessionLinks.IgnoreQueryFilters().Select(l => l.IdpSessionId).SingleAsync());

        var answer = await PostAsync(Mint(idp, client, new() { ["sid"] = sid! }));
        var after = await dave.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("null", await after.Content.ReadAsStringAsync());
        Assert.Equal(SsoReasons.IdpLogout, after.Headers.GetValues("X-Session-Ended-Reason").Single());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Contains("session.idp_logout", await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task ForgedExpiredReplayedWrongAudienceUnsignedAndIncompleteLogoutTokensAreRefusedAndEndNothing()
    {
        var (idp, client) = await ConnectAsync();
        var dave = App.Client("acme");
        await SsoSignInTests.SignInThroughIdpAsync(idp, dave, "dave@acme.test");
        var sid = (await App.QueryAsync(db => db.SsoSessionLinks.IgnoreQueryFilters().Select(l => l.IdpSessionId).SingleAsync()))!;
        using var forger = System.Security.Cryptography.RSA.Create(2048);
        var now = App.Clock.GetUtcNow();
        var replayed = Mint(idp, client, new() { ["sub"] = "someone-else@acme.test" });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(replayed)).StatusCode);

        var cases = new Dictionary<string, string>
        {
            ["forged"] = Mint(idp, client, new() { ["sid"] = sid }, key: forger),
            ["expired"] = Mint(idp, client, new() { ["sid"] = sid, ["exp"] = now.AddMinutes(-1).ToUnixTimeSeconds() }),
            ["iat too old"] = Mint(idp, client, new() { ["sid"] = sid, ["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds() }),
            ["wrong audience"] = Mint(idp, client, new() { ["sid"] = sid, ["aud"] = "another-client" }),
            ["wrong issuer"] = Mint(idp, client, new() { ["sid"] = sid, ["iss"] = "https://evil.example" }),
            ["alg none"] = Unsigned(idp, client, sid),
            ["nonce"] = Mint(idp, client, new() { ["sid"] = sid, ["nonce"] = "n-0S6_WzA2Mj" }),
            ["neither sid nor sub"] = Mint(idp, client, []),
            ["no events"] = Mint(idp, client, new() { ["sid"] = sid, ["events"] = new Dictionary<string, object>() }),
            ["replayed jti"] = replayed,
            ["garbage"] = "not.a.jwt",
            ["missing"] = "",
        };

        foreach (var (name, token) in cases)
        {
            var answer = await PostAsync(token);

            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal("invalid_request", (await JsonAsync(answer, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await dave.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.RevokeReason == SsoReasons.IdpLogout)));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client("globex").PostFormAsync(Path, ("logout_token", Mint(idp, client, new() { ["sid"] = sid })))).StatusCode);
    }

    [Fact]
    public async Task SigningOutAtTheIdpSendsARealLogoutTokenThatEndsTheSessionHere()
    {
        // The shared clock is often past the real time (here always): this IdP's clock starts at the app's, or the real
        // logout token it signs would have expired.
        App.RunADayPastTheRealClock();
        await using var relay = BackchannelRelay.Start(App.Client("acme"));
        await using var idp = await TestIdentityProvider.StartAsync(now: App.Clock.GetUtcNow());
        var client = await idp.RegisterClientAsync("http://acme.localhost/api/auth/sso/callback/okta", relay.Url + Path);
        await RegisterAsync(idp, client);
        var dave = App.Client("acme");
        var start = await JsonAsync(await dave.PostJsonAsync("/api/auth/sign-in/sso", new { providerId = "okta" }));
        using var person = idp.NewBrowser();
        var callback = await person.SignInAsync(start.GetProperty("url").GetString()!, "dave@acme.test");
        Assert.Equal("/", (await dave.GetAsync(callback.PathAndQuery)).Location());
        await dave.WarmCacheAsync(App);

        await person.LogOutAsync();
        var after = await dave.GetAsync("/api/auth/get-session");

        Assert.True(relay.Answers.SequenceEqual([HttpStatusCode.OK]), string.Join("\n", idp.Output.Lines.TakeLast(3).Concat(relay.Errors)));
        Assert.DoesNotContain(relay.Errors, e => e.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal("null", await after.Content.ReadAsStringAsync());
        Assert.Equal(SsoReasons.IdpLogout, after.Headers.GetValues("X-Session-Ended-Reason").Single());
    }

    private async Task<HttpResponseMessage> PostAsync(string token) =>
        await App.Client("acme").PostFormAsync(Path, ("logout_token", token));

    private string Mint(TestIdentityProvider idp, IdpClient client, Dictionary<string, object> claims, System.Security.Cryptography.RSA? key = null)
    {
        var payload = new Dictionary<string, object>
        {
            ["iss"] = idp.Issuer,
            ["aud"] = client.ClientId,
            ["iat"] = App.Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["exp"] = App.Clock.GetUtcNow().AddMinutes(2).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
        };
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = payload,
            TokenType = "logout+jwt",
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? idp.SigningKey) { KeyId = TestIdentityProvider.SigningKeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private string Unsigned(TestIdentityProvider idp, IdpClient client, string sid)
    {
        static string B(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = App.Clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = idp.Issuer,
            ["aud"] = client.ClientId,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["sid"] = sid,
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
        });
        return B("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}") + "." + B(payload) + ".";
    }

    private async Task<(TestIdentityProvider Idp, IdpClient Client)> ConnectAsync()
    {
        var idp = await SharedIdentityProvider.GetAsync();
        var client = await idp.RegisterClientAsync("http://acme.localhost/api/auth/sso/callback/okta", "http://acme.localhost" + Path);
        await RegisterAsync(idp, client);
        return (idp, client);
    }

    private async Task RegisterAsync(TestIdentityProvider idp, IdpClient client)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await JsonAsync(await alice.PostJsonAsync("/api/auth/sso/register", new
        {
            providerId = "okta",
            name = "Okta",
            issuer = idp.Issuer,
            domain = "acme.test",
            oidcConfig = new { clientId = client.ClientId, clientSecret = client.ClientSecret },
        }));
        await App.CommitAsync(async (db, _) => (await db.SsoConnections.IgnoreQueryFilters().SingleAsync()).DomainVerified = true);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSsoBackchannelLogoutTests(SqliteAppFixture app) : SsoBackchannelLogoutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSsoBackchannelLogoutTests(PostgresAppFixture app) : SsoBackchannelLogoutTests(app);

internal static class FormPosts
{
    /// <summary>A server-to-server form post: no cookies, no Origin (like an IdP's back-channel request).</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this TestClient client, string path, params (string Name, string Value)[] fields) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields.ToDictionary(f => f.Name, f => f.Value)) }, origin: null);
}

/// <summary>
/// A real HTTP server on a loopback port standing in for the workspace host, which the IdP's back-channel request
/// cannot resolve: it passes each POST on to the in-memory app as the workspace (Host <c>acme.localhost</c>).
/// </summary>
internal sealed class BackchannelRelay : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    private BackchannelRelay(HttpListener listener, TestClient app)
    {
        _listener = listener;
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                try
                {
                    await ForwardAsync(context, app);
                }
                catch (Exception e)
                {
                    lock (Answers)
                    {
                        Errors.Add(e.ToString());
                    }

                    context.Response.StatusCode = 502;
                    context.Response.Close();
                }
            }
        });
    }

    public List<string> Errors { get; } = [];

    private async Task ForwardAsync(HttpListenerContext context, TestClient app)
    {
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                var forwarded = new HttpRequestMessage(HttpMethod.Post, context.Request.Url!.PathAndQuery)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
                var answer = await app.SendAsync(forwarded, origin: null);
                var text = await answer.Content.ReadAsStringAsync();
                lock (Answers)
                {
                    Answers.Add(answer.StatusCode);
                    Errors.Add(text);
                }

                context.Response.StatusCode = (int)answer.StatusCode;
                context.Response.Close();
    }

    public string Url { get; private init; } = "";

    public List<HttpStatusCode> Answers { get; } = [];

    public static BackchannelRelay Start(TestClient app)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new BackchannelRelay(listener, app) { Url = $"http://127.0.0.1:{port}" };
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
