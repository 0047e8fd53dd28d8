using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Tokens;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>Helpers for the session-management tests: signed-in clients, database snapshots, sending commands as a caller.</summary>
public static class SessionTestExtensions
{
    public static async Task<TestClient> SignedInAsync(this AppFixture app, string slug, string email)
    {
        var client = slug.Length == 0 ? app.PlatformClient() : app.Client(slug);
        await client.SignInOkAsync(email);
        return client;
    }

    /// <summary>Makes the client hold a cookie cache and proves the next request is a cache hit (no database command).</summary>
    public static async Task WarmCacheAsync(this TestClient client, AppFixture app)
    {
        await client.GetSessionAsync();
        Assert.NotNull(client.CacheCookie);
        var before = app.Commands.Count;
        await client.GetSessionAsync();
        Assert.Equal(before, app.Commands.Count);
    }

    public static async Task<Guid> SessionIdAsync(this TestClient client) =>
        (await client.GetSessionAsync()).GetProperty("session").GetProperty("id").GetGuid();

    /// <summary>A new client on the same host holding exactly these cookies (a replay of a stolen or stale pair).</summary>
    public static TestClient Replay(this AppFixture app, TestClient original, string? token, string? cache)
    {
        var replay = new TestClient(app, original.Host);
        if (token is not null)
        {
            replay.Cookies["ts_session"] = token;
        }

        if (cache is not null)
        {
            replay.Cookies["ts_session_cache"] = cache;
        }

        return replay;
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this TestClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) });

    public static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<Session> SessionRowAsync(this AppFixture app, Guid id) =>
        app.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == id));

    /// <summary>Everything an access-control failure must leave alone: sessions, tenants (and their second-factor requirement), passwords, second factors.</summary>
    public static Task<string> SnapshotAsync(this AppFixture app) => app.QueryAsync(async db =>
    {
        var sessions = await db.Sessions.IgnoreQueryFilters().AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.RevokedAt, s.RevokeReason, s.TokenHash, s.ExpiresAt, s.AuthenticatedAt }).ToListAsync();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Status, t.SuspensionReason, t.Version, t.TwoFactorRequirement }).ToListAsync();
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.PasswordHash, u.TwoFactorEnabled }).ToListAsync();
        var feed = await db.RevocationFeed.CountAsync();
        return JsonSerializer.Serialize(new { sessions, tenants, users, feed });
    });

    /// <summary>
    /// Sends a message through the real mediator pipeline as the person signed in on <paramref name="caller"/>, on the
    /// caller's host — what a Razor page does.
    /// </summary>
    public static async Task<T> SendAsync<T>(this AppFixture app, TestClient caller, Func<IMediator, CancellationToken, ValueTask<T>> send)
    {
        using var scope = app.Services.CreateScope();
        var tenant = await ResolveTenantAsync(scope.ServiceProvider, caller.Host);
        SessionPayload? payload = null;
        if (SessionToken.TryParse(caller.SessionToken) is { } presented)
        {
            var validation = await scope.ServiceProvider.GetRequiredService<SessionValidator>()
                .ValidateAsync(presented, tenant, ClientInfo.Create("127.0.0.1", caller.UserAgent), CancellationToken.None);
            payload = validation.Payload;
        }

        return await SendInScopeAsync(scope.ServiceProvider, payload, send);
    }

    /// <summary>Sends a message with a hand-made session payload on <paramref name="host"/> (to prove the host-scope rules).</summary>
    public static async Task<T> SendAsAsync<T>(this AppFixture app, string host, SessionPayload payload, Func<IMediator, CancellationToken, ValueTask<T>> send)
    {
        using var scope = app.Services.CreateScope();
        await ResolveTenantAsync(scope.ServiceProvider, host);
        return await SendInScopeAsync(scope.ServiceProvider, payload, send);
    }

    private static async Task<Application.Common.Models.TenantInfo?> ResolveTenantAsync(IServiceProvider services, string host)
    {
        var slug = host == "localhost" ? null : host[..host.IndexOf('.', StringComparison.Ordinal)];
        var tenant = slug is null ? null : await services.GetRequiredService<ITenantStore>().FindBySlugAsync(slug, CancellationToken.None);
        services.GetRequiredService<TenantContext>().Set(tenant);
        return tenant;
    }

    private static async Task<T> SendInScopeAsync<T>(
        IServiceProvider services, SessionPayload? payload, Func<IMediator, CancellationToken, ValueTask<T>> send)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        if (payload is not null)
        {
            http.Features.Set(new SessionFeature { Payload = payload });
        }

        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = http;
        try
        {
            return await send(services.GetRequiredService<IMediator>(), CancellationToken.None);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
