using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Audit;

/// <summary>
/// Issue 24, item 1: the workspace's audit log (<c>GET /api/auth/admin/audit-events</c>, its export and its retention):
/// filters, keyset pages, tenant isolation, the platform-wide view, and the purge.
/// </summary>
public abstract class AuditLogTests(AppFixture app) : IntegrationTest(app)
{
    private const string Germany = "193.99.144.80";
    private const string UnitedStates = "8.8.8.8";

    [Fact]
    public async Task TheLogListsTheWorkspacesEventsNewestFirstWithWhoDidWhatAndFromWhere()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobSession = await bob.SessionIdAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = bobSession });
        var aliceUser = await App.UserAsync("alice@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");

        var events = (await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events"))).GetProperty("events").EnumerateArray().ToArray();

        Assert.Equal(new[] { AuditActions.SessionRevoked, AuditActions.SignedIn, AuditActions.SignedIn }, events.Take(3).Select(e => e.GetProperty("action").GetString()!).ToArray());
        var revoked = events[0];
        Assert.Equal(aliceUser.Id, revoked.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.Equal("alice@acme.test", revoked.GetProperty("actor").GetProperty("email").GetString());
        Assert.Equal(bobUser.Id, revoked.GetProperty("target").GetProperty("id").GetGuid());
        Assert.Equal(bobSession, revoked.GetProperty("sessionId").GetGuid());
        Assert.Equal(RevokeReasons.RevokedByAdmin, revoked.GetProperty("detail").GetString());
        Assert.Equal((Germany, "DE"), (revoked.GetProperty("ipAddress").GetString(), revoked.GetProperty("countryCode").GetString()));
        Assert.Equal("Session ended", revoked.GetProperty("label").GetString());
        Assert.Equal(App.Clock.GetUtcNow(), revoked.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("bob@acme.test", events[1].GetProperty("actor").GetProperty("email").GetString());
        Assert.True(events.Select(e => e.GetProperty("at").GetDateTimeOffset()).SequenceEqual(events.Select(e => e.GetProperty("at").GetDateTimeOffset()).OrderDescending()));
    }

    [Fact]
    public async Task FiltersNarrowByActorTargetActionTimeRangeAddressAndCountry()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        var start = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(1));
        var bob = App.Client("acme");
        bob.Address = UnitedStates;
        await bob.SignInOkAsync("bob@acme.test");
        App.Clock.Advance(TimeSpan.FromHours(1));
        await bob.PostJsonAsync("/api/auth/sign-out", null);
        var bobUser = await App.UserAsync("bob@acme.test");
        var aliceUser = await App.UserAsync("alice@acme.test");

        async Task<string[]> Actions(string query) =>
            (await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events?" + query))).GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("action").GetString()!).ToArray();

        Assert.Equal([AuditActions.SignedOut, AuditActions.SignedIn], await Actions($"actor={bobUser.Id}"));
        Assert.Equal([AuditActions.SignedIn], await Actions($"target={aliceUser.Id}"));
        Assert.Equal([AuditActions.SignedOut], await Actions($"action={AuditActions.SignedOut}"));
        Assert.Equal([AuditActions.SignedIn], await Actions($"from={Uri.EscapeDataString((start + TimeSpan.FromMinutes(30)).ToString("O"))}&to={Uri.EscapeDataString((start + TimeSpan.FromMinutes(90)).ToString("O"))}"));
        Assert.Equal([AuditActions.SignedOut, AuditActions.SignedIn], await Actions($"ip={UnitedStates}"));
        Assert.Equal([AuditActions.SignedIn], await Actions("country=de"));
        Assert.Equal([AuditActions.SignedOut], await Actions($"country=US&action={AuditActions.SignedOut}&actor={bobUser.Id}"));
        Assert.Empty(await Actions($"country=FR"));
    }

    [Fact]
    public async Task PagesFollowTheCursorAndStayStableWhenEventsAreWrittenBetweenThem()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var tenant = await App.TenantAsync("acme");
        var written = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            written.Add(await RecordAsync(tenant.Id, AuditActions.PasswordChanged, $"before {i}"));
        }

        // Two events in the same instant: the id breaks the tie, so a page boundary between them is exact.
        written.Add(await RecordAsync(tenant.Id, AuditActions.PasswordChanged, "same instant"));
        var query = $"/api/auth/admin/audit-events?action={AuditActions.PasswordChanged}&limit=2";

        var first = await JsonAsync(await alice.GetAsync(query));
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            await RecordAsync(tenant.Id, AuditActions.PasswordChanged, $"after {i}");
        }

        var seen = Ids(first).ToList();
        var cursor = first.GetProperty("nextCursor").GetString();
        var pages = 1;
        while (cursor is not null && pages < 10)
        {
            var page = await JsonAsync(await alice.GetAsync($"{query}&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(written.Count, seen.Distinct().Count());
        Assert.Equal(written.Order(), seen.Order());
        Assert.Equal(written[..5].AsEnumerable().Reverse(), seen.Where(id => id != written[5]).ToList());
    }

    [Fact]
    public async Task AnotherWorkspacesEventsAreNeverListedOrExportedAndItsPeopleFindNothing()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await carol.PostJsonAsync("/api/auth/sign-out", null);
        var carolUser = await App.UserAsync("carol@globex.test");
        var globex = await App.TenantAsync("globex");
        var globexEvents = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.TenantId == globex.Id).Select(e => e.Id).ToListAsync());
        Assert.NotEmpty(globexEvents);

        var all = await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events?limit=200"));
        var export = await (await alice.GetAsync("/api/auth/admin/audit-events/export?format=jsonl")).Content.ReadAsStringAsync();
        var csv = await (await alice.GetAsync("/api/auth/admin/audit-events/export?format=csv")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(Ids(all), globexEvents.Contains);
        Assert.NotEmpty(Ids(all));
        Assert.All(globexEvents, id => Assert.DoesNotContain(id.ToString(), export));
        Assert.All(globexEvents, id => Assert.DoesNotContain(id.ToString(), csv));
        Assert.DoesNotContain("carol@globex.test", export + csv);
        Assert.Empty(Ids(await JsonAsync(await alice.GetAsync($"/api/auth/admin/audit-events?actor={carolUser.Id}"))));
        Assert.Empty(Ids(await JsonAsync(await alice.GetAsync($"/api/auth/admin/audit-events?target={carolUser.Id}"))));
        Assert.Empty(Ids(await JsonAsync(await alice.GetAsync($"/api/auth/admin/audit-events?tenantId={globex.Id}&actor={carolUser.Id}"))));
    }

    [Fact]
    public async Task ASuperadminReadsEveryWorkspacesEventsOnThePlatformHostAndCanNarrowToOne()
    {
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("globex", "carol@globex.test");
        var root = await App.SignedInAsync("", "root@platform.test");
        var globex = await App.TenantAsync("globex");

        var all = (await JsonAsync(await root.GetAsync("/api/auth/admin/audit-events?limit=200"))).GetProperty("events").EnumerateArray().ToArray();
        var onlyGlobex = (await JsonAsync(await root.GetAsync($"/api/auth/admin/audit-events?tenantId={globex.Id}"))).GetProperty("events").EnumerateArray().ToArray();

        var slugs = all.Select(e => e.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToHashSet();
        Assert.Contains("acme", slugs);
        Assert.Contains("globex", slugs);
        Assert.Contains(all, e => e.GetProperty("actor").GetProperty("email").GetString() == "root@platform.test");
        Assert.NotEmpty(onlyGlobex);
        Assert.All(onlyGlobex, e => Assert.Equal(globex.Id, e.GetProperty("tenantId").GetGuid()));
    }

    [Fact]
    public async Task EveryKindOfEventIsListedAndFoundByItsAction()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var tenant = await App.TenantAsync("acme");
        var bob = await App.UserAsync("bob@acme.test");
        await App.CommitAsync((_, store) =>
        {
            foreach (var action in AuditCatalog.Actions)
            {
                store.Record(action, tenant.Id, bob.Id, null, "kind test");
            }

            return Task.CompletedTask;
        });

        var listed = (await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events?limit=200"))).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("detail").GetString() == "kind test")
            .Select(e => e.GetProperty("action").GetString()!)
            .ToArray();

        Assert.Equal(AuditCatalog.Actions.Order(), listed.Order());
        Assert.True(AuditCatalog.Actions.Count >= 29);
        foreach (var action in AuditCatalog.Actions)
        {
            var found = (await JsonAsync(await alice.GetAsync($"/api/auth/admin/audit-events?action={action}&target={bob.Id}"))).GetProperty("events");
            Assert.Equal(action, Assert.Single(found.EnumerateArray()).GetProperty("action").GetString());
            Assert.NotEqual(action, Assert.Single(found.EnumerateArray()).GetProperty("label").GetString());
        }
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AAAA", "cursor")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("action=drop.tables", "action")]
    [InlineData("actor=bob", "actor")]
    [InlineData("country=Germany", "country")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000000000000", "limit")]
    [InlineData("limit=5&limit=6", "limit")]
    public async Task AMalformedFilterIsAFieldErrorNeverAServerError(string query, string field)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var problem = await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-events?" + query), HttpStatusCode.BadRequest);
        var export = await alice.GetAsync("/api/auth/admin/audit-events/export?format=xml");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
    }

    [Fact]
    public async Task TheExportWritesTheTimeRangeOldestFirstAsCsvAndJsonLines()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        var tenant = await App.TenantAsync("acme");
        var from = App.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await RecordAsync(tenant.Id, AuditActions.PasswordChanged, "=HYPERLINK(\"http://evil.test\")");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await RecordAsync(tenant.Id, AuditActions.InvitationSent, "second, with a comma");
        var to = App.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await RecordAsync(tenant.Id, AuditActions.InvitationCancelled, "after the range");
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

        var csvResponse = await alice.GetAsync("/api/auth/admin/audit-events/export?format=csv&" + range);
        var jsonResponse = await alice.GetAsync("/api/auth/admin/audit-events/export?format=jsonl&" + range);

        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csvResponse.Content.Headers.ContentDisposition!.DispositionType);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,action,tenant,actorId,actorEmail,targetId,targetEmail,sessionId,detail,ipAddress,countryCode,id", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.Contains(",user.password_changed,acme,", csv[1]);
        Assert.DoesNotContain(",=HYPERLINK", csv[1]);
        Assert.Contains("HYPERLINK", csv[1]);
        Assert.Contains("\"second, with a comma\"", csv[2]);
        var lines = (await jsonResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(new[] { AuditActions.PasswordChanged, AuditActions.InvitationSent }, lines.Select(l => l.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("second, with a comma", lines[1].GetProperty("detail").GetString());
        Assert.Equal("application/jsonl", jsonResponse.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ThePurgeRemovesEventsPastTheirWorkspacesRetentionAndKeepsTheRest()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var acme = await App.TenantAsync("acme");
        var globex = await App.TenantAsync("globex");
        var response = await alice.PutJsonAsync("/api/auth/admin/audit-retention", new { retention = (long)TimeSpan.FromDays(30).TotalSeconds });
        var acmeOld = await RecordAsync(acme.Id, AuditActions.PasswordChanged, "acme 401 days old");
        var globexOld = await RecordAsync(globex.Id, AuditActions.PasswordChanged, "globex 401 days old");
        var platformOld = await RecordAsync(null, AuditActions.PasswordChanged, "platform 401 days old");
        App.Clock.Advance(TimeSpan.FromDays(360));
        var acmeMonthOld = await RecordAsync(acme.Id, AuditActions.PasswordChanged, "acme 41 days old");
        var globexMonthOld = await RecordAsync(globex.Id, AuditActions.PasswordChanged, "globex 41 days old");
        App.Clock.Advance(TimeSpan.FromDays(21));
        var acmeRecent = await RecordAsync(acme.Id, AuditActions.PasswordChanged, "acme 20 days old");
        App.Clock.Advance(TimeSpan.FromDays(20));

        var result = await PurgeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var left = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Id).ToListAsync());
        Assert.DoesNotContain(acmeOld, left);
        Assert.DoesNotContain(globexOld, left);
        Assert.DoesNotContain(platformOld, left);
        Assert.DoesNotContain(acmeMonthOld, left);
        Assert.Contains(globexMonthOld, left);
        Assert.Contains(acmeRecent, left);
        Assert.True(result.AuditEvents >= 4, $"purged {result.AuditEvents}");
    }

    [Fact]
    public async Task ARetentionOnlyBindsItsOwnWorkspace()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var acme = await App.TenantAsync("acme");
        var globex = await App.TenantAsync("globex");
        await alice.PutJsonAsync("/api/auth/admin/audit-retention", new { retention = (long)TimeSpan.FromDays(400).TotalSeconds });
        var acmeKept = await RecordAsync(acme.Id, AuditActions.PasswordChanged, "acme");
        var globexGone = await RecordAsync(globex.Id, AuditActions.PasswordChanged, "globex");
        App.Clock.Advance(TimeSpan.FromDays(370));

        await PurgeAsync();

        var left = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Id).ToListAsync());
        Assert.Contains(acmeKept, left);
        Assert.DoesNotContain(globexGone, left);
    }

    [Fact]
    public async Task TheRetentionStaysWithinThePlatformMaximumNeedsAFreshSessionAndIsAudited()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var tooLong = await alice.PutJsonAsync("/api/auth/admin/audit-retention", new { retention = (long)TimeSpan.FromDays(5000).TotalSeconds });
        var ok = await JsonAsync(await alice.PutJsonAsync("/api/auth/admin/audit-retention", new { retention = (long)TimeSpan.FromDays(90).TotalSeconds }));
        App.Clock.Advance(TimeSpan.FromDays(2));
        var stale = await alice.PutJsonAsync("/api/auth/admin/audit-retention", new { retention = (long)TimeSpan.FromDays(10).TotalSeconds });
        var back = await JsonAsync(await alice.GetAsync("/api/auth/admin/audit-retention"));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal((long)TimeSpan.FromDays(90).TotalSeconds, ok.GetProperty("effective").GetInt64());
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal((long)TimeSpan.FromDays(90).TotalSeconds, back.GetProperty("retention").GetInt64());
        Assert.Equal((long)TimeSpan.FromDays(365).TotalSeconds, back.GetProperty("default").GetInt64());
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.AuditRetentionChanged));
        Assert.Equal("platform default → 90 days", audit.Detail);
    }

    [Fact]
    public async Task TheAuditPageShowsTheFilteredEventsAndABadDateIsAFieldErrorOnTheForm()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("globex", "carol@globex.test");

        var page = await alice.GetAsync($"/admin/audit?action={AuditActions.SignedIn}");
        var html = await page.Content.ReadAsStringAsync();
        var bad = await alice.GetAsync("/admin/audit?from=yesterday");
        var asMember = await bob.GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("bob@acme.test", html);
        Assert.DoesNotContain("carol@globex.test", html);
        Assert.Contains("data-action=\"session.signed_in\"", html);
        Assert.DoesNotContain("data-action=\"session.signed_out\"", html);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Enter a date and time", await bad.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, asMember.StatusCode);
    }

    private async Task<Guid> RecordAsync(Guid? tenantId, string action, string detail)
    {
        await App.CommitAsync((_, store) =>
        {
            store.Record(action, tenantId, null, null, detail);
            return Task.CompletedTask;
        });
        return await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.Detail == detail).Select(e => e.Id).SingleAsync());
    }

    private async Task<PurgeResult> PurgeAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PurgeExpiredSessionsCommand());
    }

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid());
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditLogTests(SqliteAppFixture app) : AuditLogTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresAppFixture app) : AuditLogTests(app);
