using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TenantSessions.Web.ContractTests;

/// <summary>
/// Sessions carry an approximate location from the bundled country database: real public addresses arrive through
/// a trusted proxy's <c>X-Forwarded-For</c>, as behind a load balancer.
/// </summary>
public sealed class LocationTests(KestrelAppFixture app) : IClassFixture<KestrelAppFixture>
{
    [Fact]
    public async Task ListSessionsAndTheSecurityPageShowWhereEachSessionIs()
    {
        var email = $"traveller-{Guid.NewGuid():N}@acme.test";
        var home = new Device(app.Port, "8.8.8.8");
        var office = new Device(app.Port, "193.99.144.80");
        var lan = new Device(app.Port, "10.1.2.3");
        await home.PostAsync("/api/auth/sign-up/email", new { email, password = "Passw0rd!-traveller", name = "Traveller" });
        await office.PostAsync("/api/auth/sign-in/email", new { email, password = "Passw0rd!-traveller" });
        await lan.PostAsync("/api/auth/sign-in/email", new { email, password = "Passw0rd!-traveller" });

        var list = await home.GetJsonAsync("/api/auth/list-sessions");
        var page = await (await home.GetAsync("/account/security")).Content.ReadAsStringAsync();

        var places = list.EnumerateArray()
            .Select(s => (s.GetProperty("ipAddress").GetString(), s.GetProperty("location").GetString(), s.GetProperty("countryCode").GetString()))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [("10.1.2.3", "Local network", null), ("193.99.144.80", "Germany", "DE"), ("8.8.8.8", "United States", "US")],
            places);
        Assert.Contains(">United States<", page, StringComparison.Ordinal);
        Assert.Contains(">Germany<", page, StringComparison.Ordinal);
        Assert.Contains(">Local network<", page, StringComparison.Ordinal);
    }

    private sealed class Device(int port, string clientAddress)
    {
        private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        public async Task PostAsync(string path, object body)
        {
            using var request = Request(HttpMethod.Post, path);
            request.Headers.Add("Origin", $"http://acme.localhost:{port}");
            request.Content = JsonContent.Create(body);
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public Task<HttpResponseMessage> GetAsync(string path) => _http.SendAsync(Request(HttpMethod.Get, path));

        public async Task<JsonElement> GetJsonAsync(string path)
        {
            using var response = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        private HttpRequestMessage Request(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Host = $"acme.localhost:{port}";
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return request;
        }
    }
}
