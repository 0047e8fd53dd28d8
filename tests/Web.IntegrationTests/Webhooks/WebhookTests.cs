using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Application.Webhooks;
using TenantSessions.Application.Webhooks.Commands.DeliverWebhooks;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Webhooks;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Webhooks;

/// <summary>
/// Issue 24 item 2 (ADR-029): the workspace's audit events streamed to a real receiver on loopback, from the outbox
/// written with each event: signed, in order, once, through a receiver that is down for a while and an app restart.
/// </summary>
public abstract class WebhookTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    private WebhookReceiver _receiver = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = new WebhookReceiver(() => App.Clock.GetUtcNow());
        await _receiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ARegisteredEndpointGetsEveryEventOfTheWorkspaceOnceSignedAndInOrder()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, secret) = await RegisterAsync(alice, _receiver);
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await bob.PostJsonAsync("/api/auth/sign-out", null)).StatusCode);
        await App.SignedInAsync("acme", "bob@acme.test");

        var result = await DeliverAsync(App.Services);
        var again = await DeliverAsync(App.Services);

        var expected = await EventsSinceEndpointAsync("acme", endpointId);
        Assert.Equal(expected.Count, result.Delivered);
        Assert.Equal(0, again.Delivered);
        Assert.Equal(expected.Select(e => e.Id), _receiver.Ids);
        Assert.Equal(
            [WebhookReasons.EndpointAdded, AuditActions.SignedIn, AuditActions.SignedOut, AuditActions.SignedIn],
            expected.Select(e => e.Action));
        Assert.All(_receiver.Accepted, r => Assert.Equal([secret], r.VerifiedWith));
        Assert.Empty(_receiver.Refused);
        var signedIn = JsonDocument.Parse(_receiver.Accepted.ElementAt(1).Body).RootElement;
        Assert.Equal("application/json", _receiver.Accepted.ElementAt(1).ContentType);
        Assert.Equal(AuditActions.SignedIn, signedIn.GetProperty("type").GetString());
        Assert.Equal(expected[1].Id, signedIn.GetProperty("id").GetGuid());
        Assert.Equal((await App.UserAsync("bob@acme.test")).Id, signedIn.GetProperty("data").GetProperty("targetUserId").GetGuid());
        var stored = await App.QueryAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(secret, App.Services.GetRequiredService<IWebhookSecrets>().Unprotect(stored.ProtectedSecret));
        var listed = await alice.GetAsync("/api/auth/admin/webhooks");
        Assert.DoesNotContain(secret, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASessionEndIsACaepSessionRevokedSecurityEventTokenSignedWithTheEndpointsSecret()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (_, secret) = await RegisterAsync(alice, _receiver);
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var sessionId = await bob.SessionIdAsync();
        await bob.PostJsonAsync("/api/auth/sign-out", null);

        await DeliverAsync(App.Services);

        var end = Assert.Single(_receiver.Accepted, r => r.ContentType == "application/secevent+jwt");
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(end.Body, new TokenValidationParameters
        {
            ValidIssuer = "http://acme.localhost",
            ValidAudience = _receiver.Url,
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(secret["whsec_".Length..])),
            ValidTypes = ["secevent+jwt"],
            RequireExpirationTime = false,
            ValidateLifetime = false,
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var token = (JsonWebToken)validated.SecurityToken;
        Assert.Equal(end.Id.ToString(), token.Id);
        Assert.False(token.TryGetPayloadValue<long>("exp", out _));
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement;
        var caep = payload.GetProperty("events").GetProperty("https://schemas.openid.net/secevent/caep/event-type/session-revoked");
        Assert.Equal("user", caep.GetProperty("initiating_entity").GetString());
        Assert.Equal(App.Clock.GetUtcNow().ToUnixTimeSeconds(), caep.GetProperty("event_timestamp").GetInt64());
        var subject = payload.GetProperty("sub_id");
        Assert.Equal("complex", subject.GetProperty("format").GetString());
        Assert.Equal(sessionId.ToString(), subject.GetProperty("session").GetProperty("id").GetString());
        Assert.Equal((await App.UserAsync("bob@acme.test")).Id.ToString(), subject.GetProperty("user").GetProperty("id").GetString());
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Id == end.Id));
        Assert.Equal(AuditActions.SignedOut, audit.Action);
    }

    [Fact]
    public async Task AReceiverDownForAWhileGetsEveryEventOnceAndInOrderWhenItIsBack()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, _) = await RegisterAsync(alice, _receiver);
        await _receiver.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            var bob = await App.SignedInAsync("acme", "bob@acme.test");
            await bob.PostJsonAsync("/api/auth/sign-out", null);
        }

        var refused = await DeliverAsync(App.Services);
        var head = await HeadAsync(endpointId);
        await _receiver.StartAsync();
        _receiver.Status = HttpStatusCode.ServiceUnavailable;
        var tooEarly = await DeliverAsync(App.Services);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var unavailable = await DeliverAsync(App.Services);
        var detail = await JsonAsync(await alice.GetAsync($"/api/auth/admin/webhooks/{endpointId}"));
        var page = await alice.PageAsync("/admin/webhooks");
        _receiver.Status = HttpStatusCode.OK;
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var stillBackingOff = await DeliverAsync(App.Services);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var overlapping = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeliverAsync(App.Services)));

        var expected = await EventsSinceEndpointAsync("acme", endpointId);
        Assert.Equal(7, expected.Count);
        Assert.Equal((0, 1), (refused.Delivered, refused.Failed));
        Assert.Equal(1, head.Attempts);
        Assert.Null(head.LastStatusCode);
        Assert.Contains("Could not reach the receiver", head.LastError, StringComparison.Ordinal);
        Assert.Equal((0, 0), (tooEarly.Delivered, tooEarly.Failed));
        Assert.Equal((0, 1), (unavailable.Delivered, unavailable.Failed));
        Assert.Equal(7, detail.GetProperty("undelivered").GetInt32());
        var first = detail.GetProperty("deliveries").EnumerateArray().Last();
        Assert.Equal("retrying", first.GetProperty("status").GetString());
        Assert.Equal(2, first.GetProperty("attempts").GetInt32());
        Assert.Equal(503, first.GetProperty("lastStatusCode").GetInt32());
        Assert.Contains("HTTP 503", page.Text($"[data-delivery='{first.GetProperty("id").GetInt64()}'] [data-testid=last-error]"), StringComparison.Ordinal);
        Assert.Equal((0, 0), (stillBackingOff.Delivered, stillBackingOff.Failed));
        Assert.Equal(7, overlapping.Sum(r => r.Delivered));
        Assert.Equal(expected.Select(e => e.Id), _receiver.Ids);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.DeliveredAt == null)));
    }

    [Fact]
    public async Task ARestartedAppOverTheSameDatabaseLosesNothingAndWaitsForADeadRunsClaim()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, _) = await RegisterAsync(alice, _receiver);
        await _receiver.StopAsync();
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.PostJsonAsync("/api/auth/sign-out", null);
        await DeliverAsync(App.Services);
        // A run that died while holding the endpoint.
        var heldUntil = App.Clock.GetUtcNow() + TimeSpan.FromMinutes(5);
        await App.QueryAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().Where(e => e.Id == endpointId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimId, Guid.NewGuid()).SetProperty(e => e.ClaimedUntil, heldUntil)));

        using var restarted = App.WithWebHostBuilder(_ => { });
        await _receiver.StartAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var whileHeld = await DeliverAsync(restarted.Services);
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        var afterTheClaim = await DeliverAsync(restarted.Services);

        var expected = await EventsSinceEndpointAsync("acme", endpointId);
        Assert.Equal(3, expected.Count);
        Assert.Equal(0, whileHeld.Delivered);
        Assert.Equal(3, afterTheClaim.Delivered);
        Assert.Equal(expected.Select(e => e.Id), _receiver.Ids);
    }

    [Fact]
    public async Task AnEndpointGetsOnlyItsWorkspacesEventsAndAnotherWorkspacesEndpointIsNotFound()
    {
        await using var globexReceiver = new WebhookReceiver(() => App.Clock.GetUtcNow());
        await globexReceiver.StartAsync();
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var (acmeEndpoint, _) = await RegisterAsync(alice, _receiver);
        var (globexEndpoint, _) = await RegisterAsync(carol, globexReceiver);
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("globex", "carol@globex.test");

        await DeliverAsync(App.Services);

        var acme = (await App.TenantAsync("acme")).Id;
        var globex = (await App.TenantAsync("globex")).Id;
        var tenants = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().ToDictionaryAsync(e => e.Id, e => e.TenantId));
        Assert.NotEmpty(_receiver.Ids);
        Assert.NotEmpty(globexReceiver.Ids);
        Assert.All(_receiver.Ids, id => Assert.Equal(acme, tenants[id]));
        Assert.All(globexReceiver.Ids, id => Assert.Equal(globex, tenants[id]));
        Assert.Equal((await EventsSinceEndpointAsync("acme", acmeEndpoint)).Select(e => e.Id), _receiver.Ids);
        Assert.Equal((await EventsSinceEndpointAsync("globex", globexEndpoint)).Select(e => e.Id), globexReceiver.Ids);

        var foreign = await carol.GetAsync($"/api/auth/admin/webhooks/{acmeEndpoint}");
        var missing = await carol.GetAsync($"/api/auth/admin/webhooks/{Guid.NewGuid()}");
        var malformed = await carol.GetAsync("/api/auth/admin/webhooks/not-a-guid");
        var rotate = await carol.PostJsonAsync($"/api/auth/admin/webhooks/{acmeEndpoint}/rotate-secret", null);
        var delete = await carol.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/admin/webhooks/{acmeEndpoint}"));
        var list = await JsonAsync(await carol.GetAsync("/api/auth/admin/webhooks"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(await foreign.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal([globexEndpoint], list.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal(2, await App.QueryAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task OnlyAFreshTenantAdminManagesEndpointsAndOnlyPublicHttpsOrLoopbackUrlsAreTaken()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, _) = await RegisterAsync(alice, _receiver);
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var byMember = await bob.PostJsonAsync("/api/auth/admin/webhooks", new { url = _receiver.Url });
        var listByMember = await bob.GetAsync("/api/auth/admin/webhooks");
        var anonymous = await App.Client("acme").GetAsync("/api/auth/admin/webhooks");
        var crossOrigin = await alice.PostJsonAsync("/api/auth/admin/webhooks", new { url = _receiver.Url }, origin: "https://evil.example");
        var badUrls = new List<HttpResponseMessage>();
        foreach (var url in new[] { "http://siem.example.com/hooks", "https://10.0.0.5/hooks", "https://169.254.169.254/latest", "https://[fd00::1]/x", "https://user:pw@siem.example.com/", "ftp://siem.example.com/", "" })
        {
            badUrls.Add(await alice.PostJsonAsync("/api/auth/admin/webhooks", new { url }));
        }

        App.Clock.Advance(PastFreshAge);
        var stale = await alice.PostJsonAsync("/api/auth/admin/webhooks", new { url = _receiver.Url });
        var staleRotate = await alice.PostJsonAsync($"/api/auth/admin/webhooks/{endpointId}/rotate-secret", null);
        var staleDelete = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/admin/webhooks/{endpointId}"));
        var read = await alice.GetAsync($"/api/auth/admin/webhooks/{endpointId}");

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listByMember.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
        Assert.All(badUrls, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        foreach (var response in badUrls)
        {
            var json = await JsonAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("https", json.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        }

        foreach (var refused in new[] { stale, staleRotate, staleDelete })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("SESSION_NOT_FRESH", await CodeOf(refused));
        }

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, await App.QueryAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task ARotationSignsWithBothSecretsDuringTheOverlapAndThenOnlyWithTheNewOne()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, old) = await RegisterAsync(alice, _receiver);
        await DeliverAsync(App.Services);
        var rotated = await JsonAsync(await alice.PostJsonAsync($"/api/auth/admin/webhooks/{endpointId}/rotate-secret", null));
        var secret = rotated.GetProperty("secret").GetString()!;
        _receiver.Secrets.Add(secret);
        await DeliverAsync(App.Services);
        var duringOverlap = _receiver.Accepted.Last();
        App.Clock.Advance(TimeSpan.FromHours(25));
        await App.SignedInAsync("acme", "bob@acme.test");
        _receiver.Secrets.Remove(old);
        await DeliverAsync(App.Services);
        var after = _receiver.Accepted.Last();

        Assert.NotEqual(old, secret);
        Assert.Equal(2, duringOverlap.Signatures.Count);
        Assert.Contains(old, duringOverlap.VerifiedWith);
        Assert.Contains(secret, duringOverlap.VerifiedWith);
        Assert.Single(after.Signatures);
        Assert.Equal([secret], after.VerifiedWith);
        Assert.Empty(_receiver.Refused);
    }

    [Fact]
    public async Task AnInternalAddressIsNeverConnectedToAndARedirectIsNotFollowed()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var (endpointId, _) = await RegisterAsync(alice, _receiver);
        _receiver.Status = HttpStatusCode.Found;
        await DeliverAsync(App.Services);
        var redirected = await HeadAsync(endpointId);
        // An endpoint whose address became internal (written past the validation, as a changed DNS answer would).
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """UPDATE "WebhookEndpoints" SET "Url" = 'http://10.255.255.1:9/hooks'"""));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(App.Services);
        var refused = await HeadAsync(endpointId);

        Assert.Equal(302, redirected.LastStatusCode);
        Assert.Contains("redirects are not followed", redirected.LastError, StringComparison.Ordinal);
        Assert.Null(refused.LastStatusCode);
        Assert.Contains("internal addresses", refused.LastError, StringComparison.Ordinal);
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public async Task UndeliveredEventsGoOnlyWithTheAuditEventsAtTheRetention()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await RegisterAsync(alice, _receiver);
        await _receiver.StopAsync();
        await DeliverAsync(App.Services);
        var before = await App.QueryAsync(db => db.WebhookDeliveries.CountAsync());
        App.Clock.Advance(TimeSpan.FromDays(366));
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeExpiredSessionsCommand());
        }

        Assert.Equal(1, before);
        Assert.Equal(0, await App.QueryAsync(db => db.WebhookDeliveries.CountAsync()));
    }

    [Fact]
    public async Task ThePageAddsAnEndpointShowsTheSecretOnceAndDeletesOnlyAfterAConfirmation()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/webhooks");

        var bad = await alice.SubmitAsync(page, "[data-testid=add-endpoint]", PageTestExtensions.Form(("EndpointUrl", "http://siem.example.com/")));
        var badPage = await Html.ParseAsync(bad);
        var added = await alice.SubmitAsync(page, "[data-testid=add-endpoint]", PageTestExtensions.Form(("EndpointUrl", _receiver.Url), ("Description", "Splunk")));
        var addedPage = await Html.ParseAsync(added);
        var secret = addedPage.Text("[data-testid=secret]");
        var reloaded = await alice.PageAsync("/admin/webhooks");
        var asked = await alice.SubmitAsync(reloaded, "form[data-testid=delete-endpoint]");
        var askedPage = await Html.ParseAsync(asked);
        var stillThere = await App.QueryAsync(db => db.WebhookEndpoints.IgnoreQueryFilters().CountAsync());
        var deleted = await alice.SubmitAndFollowAsync(askedPage, "[data-testid=confirm] form");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("https", badPage.Text("[data-valmsg-for=EndpointUrl]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Contains("no-store", added.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains(_receiver.Url, reloaded.Text("[data-testid=endpoints]"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, reloaded.Source.Text, StringComparison.Ordinal);
        Assert.Equal(1, stillThere);
        Assert.Contains(_receiver.Url, askedPage.Text("[data-testid=confirm]"), StringComparison.Ordinal);
        Assert.Equal("No endpoints yet.", deleted.Text("[data-testid=no-endpoints]"));
    }

    private async Task<(Guid Id, string Secret)> RegisterAsync(TestClient admin, WebhookReceiver receiver)
    {
        // The events before the endpoint (the admin's sign-in) are then strictly older than its "added" event.
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var json = await JsonAsync(await admin.PostJsonAsync("/api/auth/admin/webhooks", new { url = receiver.Url, description = "SIEM" }));
        var secret = json.GetProperty("secret").GetString()!;
        receiver.Secrets.Add(secret);
        return (json.GetProperty("endpoint").GetProperty("id").GetGuid(), secret);
    }

    private static async Task<WebhookDeliveryResult> DeliverAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeliverWebhooksCommand());
    }

    private Task<WebhookDelivery> HeadAsync(Guid endpointId) =>
        App.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).OrderBy(d => d.Id).FirstAsync());

    /// <summary>The workspace's audit events from the endpoint's own "added" event on, in the order they were written (the outbox's order).</summary>
    private Task<List<AuditEvent>> EventsSinceEndpointAsync(string slug, Guid endpointId) => App.QueryAsync(async db =>
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Slug == slug);
        var order = await db.WebhookDeliveries.Where(d => d.EndpointId == endpointId).OrderBy(d => d.Id).Select(d => d.AuditEventId).ToListAsync();
        var events = await db.AuditEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.TenantId == tenant.Id).ToListAsync();
        var added = events.Single(e => e.Action == WebhookReasons.EndpointAdded && order.Contains(e.Id));
        var since = events.Where(e => e.At >= added.At && order.Contains(e.Id)).ToList();
        // Every event of the workspace since the endpoint was added has a delivery, and only those.
        Assert.Equal(events.Count(e => e.At >= added.At), since.Count);
        Assert.Equal(order.Count, since.Count);
        return order.Select(id => since.Single(e => e.Id == id)).ToList();
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWebhookTests(SqliteAppFixture app) : WebhookTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookTests(PostgresAppFixture app) : WebhookTests(app);
