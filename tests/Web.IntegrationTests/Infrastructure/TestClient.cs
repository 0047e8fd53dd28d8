using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// A browser-like client for one host: keeps its own cookie jar (so tests can read, copy and tamper with cookies),
/// sends the host's own Origin on POSTs, never follows redirects.
/// </summary>
public sealed class TestClient
{
    public const string DemoPassword = "Passw0rd!";

    private readonly HttpClient _http;

    public TestClient(WebApplicationFactory<Program> factory, string host)
    {
        Host = host;
        _http = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri($"http://{host}/"),
        });
    }

    public string Host { get; }

    /// <summary>The scheme the browser sees ("https" behind a TLS-terminating proxy); the Origin it sends follows it.</summary>
    public string Scheme { get; set; } = "http";

    public string Origin => $"{Scheme}://{Host}";

    /// <summary>Sent with every request (e.g. the X-Forwarded-* headers a proxy adds).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>The client address this client connects from (see <see cref="TestClientAddress"/>); none by default.</summary>
    public string? Address { get; set; }

    public string? UserAgent { get; set; } = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    public string? SessionToken => Cookies.GetValueOrDefault("ts_session");

    public string? CacheCookie => Cookies.GetValueOrDefault("ts_session_cache");

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body, string? origin = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? new StringContent("", System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body),
        };
        return SendAsync(request, origin);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? origin = "", HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (request.Method != HttpMethod.Get && origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin.Length == 0 ? Origin : origin);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (Address is not null)
        {
            request.Headers.TryAddWithoutValidation(TestClientAddress.Header, Address);
        }

        if (UserAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        var response = await _http.SendAsync(request, completion);
        Absorb(response);
        return response;
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password = DemoPassword, bool rememberMe = true)
    {
        var response = await PostJsonAsync("/api/auth/sign-in/email", new { email, password, rememberMe });
        return response;
    }

    public async Task SignInOkAsync(string email, bool rememberMe = true)
    {
        var response = await SignInAsync(email, rememberMe: rememberMe);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> GetSessionAsync()
    {
        var response = await GetAsync("/api/auth/get-session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static IReadOnlyList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList(values.ToList()).ToList() : [];

    private void Absorb(HttpResponseMessage response)
    {
        foreach (var cookie in SetCookies(response))
        {
            var name = cookie.Name.ToString();
            var expired = cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero || cookie.Expires is { } expires && expires <= DateTimeOffset.UnixEpoch.AddDays(1);
            if (expired || cookie.Value.Length == 0)
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = cookie.Value.ToString();
            }
        }
    }
}
