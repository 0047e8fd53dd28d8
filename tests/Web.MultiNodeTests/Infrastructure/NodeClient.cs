using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// A browser-like client of one workspace host talking to one node: connects to the node's loopback address and sends
/// the workspace in the Host header, keeps its own cookie jar, sends the host's Origin on POSTs. A frozen client
/// keeps presenting the cookies it was given (what a stolen or stale cookie pair would do), whatever the server says.
/// </summary>
public sealed class NodeClient(AppNode node, string host, bool frozen = false)
{
    public const string Password = "Sup3r-secret-pass";

    public AppNode Node { get; } = node;

    public string Host { get; } = host;

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public string? SessionToken => Cookies.GetValueOrDefault("ts_session");

    public string? CacheCookie => Cookies.GetValueOrDefault("ts_session_cache");

    /// <summary>The same browser, now routed by the load balancer to <paramref name="other"/>.</summary>
    public NodeClient On(AppNode other, bool frozen = false)
    {
        var copy = new NodeClient(other, Host, frozen);
        foreach (var (name, value) in Cookies)
        {
            copy.Cookies[name] = value;
        }

        return copy;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? new StringContent("", System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body),
        });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Host = Host;
        if (Cookies.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (request.Method != HttpMethod.Get)
        {
            request.Headers.TryAddWithoutValidation("Origin", $"http://{Host}");
        }

        request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        var response = await Node.Http.SendAsync(request);
        if (!frozen)
        {
            Absorb(response);
        }

        return response;
    }

    public async Task SignUpAsync(string email)
    {
        var response = await PostJsonAsync("/api/auth/sign-up/email", new { name = email.Split('@')[0], email, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-up of {email} on {Node.Name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task SignInAsync(string email)
    {
        var response = await PostJsonAsync("/api/auth/sign-in/email", new { email, password = Password, rememberMe = true });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email} on {Node.Name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>get-session, asserting it is a live session; returns the session id.</summary>
    public async Task<Guid> SessionIdAsync()
    {
        var response = await GetAsync("/api/auth/get-session");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && body != "null", $"get-session on {Node.Name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("session").GetProperty("id").GetGuid();
    }

    public static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 0 && JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("code", out var code)
            ? code.GetString()
            : null;
    }

    private void Absorb(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
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
