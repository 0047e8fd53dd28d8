using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TenantSessions.TestSupport;

/// <summary>
/// A real OpenID Connect identity provider for the tests: npm <c>oidc-provider</c> (pinned in
/// <c>tests/TestSupport/IdentityProvider/package-lock.json</c>, installed by <c>./test.sh</c> with <c>npm ci</c>) run by
/// <c>idp.mjs</c> under Node on a loopback port. Each test registers its own client by dynamic client registration and
/// acts as a person at the IdP with an <see cref="IdpBrowser"/>. The process ends with the fixture (stdin closed).
/// </summary>
public sealed partial class TestIdentityProvider : IAsyncDisposable
{
    private readonly Process _node;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private TestIdentityProvider(Process node, string issuer, RSA key)
    {
        _node = node;
        Issuer = issuer;
        SigningKey = key;
    }

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public string Issuer { get; }

    /// <summary>What the IdP printed (back-channel logouts sent, errors), for assertions and diagnostics.</summary>
    public ConcurrentLog Output { get; } = new();

    /// <summary>The IdP's signing key (RS256, <see cref="SigningKeyId"/>): tests sign logout tokens with it as the IdP would.</summary>
    public RSA SigningKey { get; }

    public const string SigningKeyId = "test-idp-key";

    /// <summary>
    /// Starts idp.mjs. With <paramref name="now"/> (not before the real time), the IdP's clock starts there and runs on
    /// from it, so the tokens it signs agree with an app whose <c>FakeTimeProvider</c> has run ahead of the real clock.
    /// </summary>
    public static async Task<TestIdentityProvider> StartAsync(DateTimeOffset? now = null)
    {
        if (now < DateTimeOffset.UtcNow.AddSeconds(-1))
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, "the IdP's clock can only run ahead of the real one (its cookies expire in real time)");
        }

        var key = RSA.Create(2048);
        var directory = Path.Combine(RepositoryRoot(), "tests", "TestSupport", "IdentityProvider");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed: run `npm ci` in {directory} (./test.sh does)");
        }

        var start = new ProcessStartInfo("node", "idp.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["IDP_JWKS"] = Jwks(key) },
        };
        if (now is { } startAt)
        {
            start.Environment["IDP_NOW_MS"] = startAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? issuer = null;
        while (issuer is null)
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("idp.mjs ended before listening: " + await node.StandardError.ReadToEndAsync(timeout.Token));
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                issuer = line["listening ".Length..].Trim();
            }
        }

        var idp = new TestIdentityProvider(node, issuer, key);
        _ = idp.PumpAsync(node.StandardOutput);
        _ = idp.PumpAsync(node.StandardError);
        return idp;
    }

    /// <summary>
    /// A confidential web client (<c>client_secret_post</c>) registered at the IdP's <c>/reg</c>; <paramref name="alsoRedirectTo"/>
    /// adds callbacks on other hosts, for one client shared by several workspaces.
    /// </summary>
    public async Task<IdpClient> RegisterClientAsync(
        string redirectUri, string? backchannelLogoutUri = null, string? postLogoutRedirectUri = null, IReadOnlyList<string>? alsoRedirectTo = null)
    {
        var body = new Dictionary<string, object>
        {
            ["redirect_uris"] = new[] { redirectUri }.Concat(alsoRedirectTo ?? []).ToArray(),
            ["token_endpoint_auth_method"] = "client_secret_post",
            ["grant_types"] = new[] { "authorization_code" },
            ["response_types"] = new[] { "code" },
        };
        if (backchannelLogoutUri is not null)
        {
            body["backchannel_logout_uri"] = backchannelLogoutUri;
            body["backchannel_logout_session_required"] = true;
        }

        if (postLogoutRedirectUri is not null)
        {
            body["post_logout_redirect_uris"] = new[] { postLogoutRedirectUri };
        }

        using var response = await _http.PostAsJsonAsync(Issuer + "/reg", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"client registration failed: {(int)response.StatusCode} {json}");
        }

        return new IdpClient(json.GetProperty("client_id").GetString()!, json.GetProperty("client_secret").GetString()!);
    }

    /// <summary>A person's browser at the IdP: its own cookies (the IdP session), redirects followed by hand.</summary>
    public IdpBrowser NewBrowser() => new(Issuer);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _node.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }

        _node.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            Output.Add(line);
        }
    }

    private static string Jwks(RSA key)
    {
        var p = key.ExportParameters(includePrivateParameters: true);
        static string B(byte[]? bytes) => Convert.ToBase64String(bytes!).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", kid = SigningKeyId, alg = "RS256", use = "sig", n = B(p.Modulus), e = B(p.Exponent), d = B(p.D), p = B(p.P), q = B(p.Q), dp = B(p.DP), dq = B(p.DQ), qi = B(p.InverseQ) },
            },
        });
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

        throw new InvalidOperationException("The repository root (TenantSessions.sln) was not found above " + AppContext.BaseDirectory);
    }
}

public sealed record IdpClient(string ClientId, string ClientSecret);

public sealed class ConcurrentLog
{
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }
}

/// <summary>Someone at the IdP's pages, driven over HTTP: the sign-in form and the logout confirmation.</summary>
public sealed partial class IdpBrowser(string issuer) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private HttpClient? _client;

    private HttpClient Client => _client ??= new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>
    /// Opens the authorization URL the app sent, signs in as <paramref name="email"/> when the IdP asks, and returns
    /// the URL the IdP sends the browser back to (the app's callback with <c>code</c> and <c>state</c>, or an error).
    /// </summary>
    public async Task<Uri> SignInAsync(string authorizationUrl, string email)
    {
        var url = new Uri(authorizationUrl);
        for (var step = 0; step < 12; step++)
        {
            if (!url.GetLeftPart(UriPartial.Authority).Equals(issuer, StringComparison.OrdinalIgnoreCase))
            {
                return url;
            }

            using var response = await Client.GetAsync(url);
            if (response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                continue;
            }

            var page = await response.Content.ReadAsStringAsync();
            var action = FormAction().Match(page);
            if (!action.Success)
            {
                throw new InvalidOperationException($"The IdP answered {(int)response.StatusCode} without a redirect or a sign-in form:\n{page}");
            }

            var fields = new Dictionary<string, string> { ["login"] = email };

            SignInFormsPosted++;
            using var posted = await Client.PostAsync(new Uri(url, action.Groups[1].Value), new FormUrlEncodedContent(fields));
            url = new Uri(url, posted.Headers.Location ?? throw new InvalidOperationException($"The IdP's sign-in form answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}"));
        }

        throw new InvalidOperationException("The IdP redirected more than 12 times.");
    }

    /// <summary>Signs out at the IdP (its end-session page and confirmation): the IdP then sends back-channel logouts.</summary>
    public async Task LogOutAsync()
    {
        using var page = await Client.GetAsync(issuer + "/session/end");
        var html = await page.Content.ReadAsStringAsync();
        var xsrf = XsrfInput().Match(html);
        if (!xsrf.Success)
        {
            throw new InvalidOperationException($"No logout form at the IdP ({(int)page.StatusCode}):\n{html}");
        }

        using var confirmed = await Client.PostAsync(issuer + "/session/end/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["xsrf"] = xsrf.Groups[1].Value,
            ["logout"] = "yes",
        }));
        var location = confirmed.Headers.Location;
        if (location is not null && new Uri(new Uri(issuer), location).GetLeftPart(UriPartial.Authority) == issuer)
        {
            using var done = await Client.GetAsync(new Uri(new Uri(issuer), location));
        }
    }

    /// <summary>How often the IdP asked this person to sign in (its sign-in form was posted).</summary>
    public int SignInFormsPosted { get; private set; }

    /// <summary>Follows the IdP's end-session URL the app sent (RP-initiated logout), confirms, and returns where the IdP sends the browser back.</summary>
    public async Task<Uri?> EndSessionAsync(string endSessionUrl)
    {
        using var page = await Client.GetAsync(endSessionUrl);
        var html = await page.Content.ReadAsStringAsync();
        var xsrf = XsrfInput().Match(html);
        if (!xsrf.Success)
        {
            throw new InvalidOperationException($"No logout form at the IdP ({(int)page.StatusCode}):\n{html}");
        }

        using var confirmed = await Client.PostAsync(issuer + "/session/end/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["xsrf"] = xsrf.Groups[1].Value,
            ["logout"] = "yes",
        }));
        for (var location = confirmed.Headers.Location is { } first ? new Uri(new Uri(issuer), first) : null; location is not null;)
        {
            if (location.GetLeftPart(UriPartial.Authority) != issuer)
            {
                return location;
            }

            using var next = await Client.GetAsync(location);
            location = next.Headers.Location is { } l ? new Uri(location, l) : null;
        }

        return null;
    }

    public void Dispose() => _client?.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"(/interaction/[^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"xsrf\" value=\"([^\"]+)\"")]
    private static partial Regex XsrfInput();
}
