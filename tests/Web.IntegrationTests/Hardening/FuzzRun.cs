using CsCheck;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>A route as the fuzz tests see it: its pattern, its methods, and whether it needs a signed-in caller.</summary>
public sealed record FuzzRoute(string Pattern, string[] Methods, bool RequiresAuthentication);

/// <summary>
/// What the fuzz tests share: the app's own route list, one request sent without redirects or a cookie jar, and the
/// loop with the properties every fuzzed request must keep — never a 5xx, and a rejected request (4xx) changes nothing
/// in the database. Each test adds its own properties through <c>check</c>.
/// </summary>
internal static class FuzzRun
{
    public static List<FuzzRoute> Routes(AppFixture app, Func<string, bool>? keep = null) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new FuzzRoute(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } methods ? methods : ["GET", "POST"],
                e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null))
            .Where(r => keep?.Invoke(r.Pattern) ?? true)
            .GroupBy(r => (r.Pattern, string.Join(",", r.Methods)))
            .Select(g => g.First())
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Sends <paramref name="iterations"/> generated requests, one at a time. Every 250 requests <paramref name="refresh"/>
    /// runs (callers sign in again: some requests end their sessions). Returns how often each status came back.
    /// </summary>
    public static async Task<Dictionary<int, int>> RunAsync<T>(
        AppFixture app, Gen<T> generator, int iterations, Func<Task> refresh, Func<T, HttpRequestMessage> build,
        Action<T, HttpRequestMessage, HttpResponseMessage, int, string>? check = null)
    {
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        await refresh();
        var snapshot = await app.SnapshotAsync();

        await generator.SampleAsync(async request =>
        {
            if (++sent % 250 == 0)
            {
                await refresh();
                snapshot = await app.SnapshotAsync();
            }

            using var message = build(request);
            var response = await SendAsync(app, message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(status < 500, $"{status} for {message.Method} {message.RequestUri?.AbsolutePath} {request}: {body[..Math.Min(body.Length, 500)]}\n{string.Join("\n", app.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(1))}");
            check?.Invoke(request, message, response, status, body);

            var after = await app.SnapshotAsync();
            if (status >= 400)
            {
                Assert.True(snapshot == after, $"rejected request ({status}) changed the database: {request}");
            }

            snapshot = after;
        }, iter: iterations, threads: 1, print: r => r?.ToString() ?? "");

        Assert.Equal(iterations, sent);
        Assert.True(statuses.Keys.Any(s => s is >= 200 and < 300), "no request was ever accepted: the generator only reached the front door");
        return statuses;
    }

    private static async Task<HttpResponseMessage> SendAsync(AppFixture app, HttpRequestMessage message)
    {
        using var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return await http.SendAsync(message);
    }
}
