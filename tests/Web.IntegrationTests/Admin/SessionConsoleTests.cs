using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Admin;

/// <summary>
/// Issue 24, item 3: the session console (<c>GET /api/auth/admin/sessions</c>, <c>POST /api/auth/admin/sessions/end</c>
/// and <c>/admin/sessions</c>): every live session of the workspace by member, role, country, device kind, method, age
/// and last activity; ending a selection or every match in one commit; another workspace's sessions never seen.
/// </summary>
public abstract class SessionConsoleTests(AppFixture app) : IntegrationTest(app)
{
    private const string Germany = "193.99.144.80";
    private const string UnitedStates = "8.8.8.8";
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Desktop = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static readonly TimeSpan PastFreshAge = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TheConsoleListsEveryLiveSessionOfTheWorkspaceAndNoToken()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var ended = await App.SignedInAsync("acme", "bob@acme.test");
        await ended.PostJsonAsync("/api/auth/sign-out", null);
        var carol = await App.SignedInAsync("globex", "carol@globex.test");

        var response = await alice.GetAsync("/api/auth/admin/sessions");
        var body = await response.Content.ReadAsStringAsync();
        var json = await JsonAsync(response);

        var sessions = json.GetProperty("sessions").EnumerateArray().ToArray();
        Assert.Equal(2, json.GetProperty("total").GetInt32());
        Assert.Equal(
            new[] { await alice.SessionIdAsync(), await bob.SessionIdAsync() }.Order(),
            sessions.Select(s => s.GetProperty("id").GetGuid()).Order());
        var mine = sessions.Single(s => s.GetProperty("current").GetBoolean());
        Assert.Equal(("alice@acme.test", "admin"), (mine.GetProperty("user").GetProperty("email").GetString(), mine.GetProperty("role").GetString()));
        Assert.Equal(("desktop", "password"), (mine.GetProperty("deviceKind").GetString(), mine.GetProperty("authenticationMethod").GetString()));
        Assert.False(mine.TryGetProperty("token", out _));
        Assert.DoesNotContain(await carol.SessionIdAsync() + "", body, StringComparison.OrdinalIgnoreCase);
        foreach (var token in new[] { alice.SessionToken!, bob.SessionToken! })
        {
            Assert.DoesNotContain(token[(token.IndexOf('.') + 1)..], body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FiltersNarrowByMemberRoleCountryDeviceMethodAgeAndLastActivity()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        var aliceSession = await alice.SessionIdAsync();
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var oldUsPhone = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Phone, now - TimeSpan.FromDays(3));
        var germanPasskey = await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(2), AuthenticationMethods.Passkey);
        var carol = await App.UserAsync("carol@globex.test");
        await AddSessionAsync(carol.Id, carol.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(2));

        async Task<Guid[]> Ids(string query) =>
            (await JsonAsync(await alice.GetAsync("/api/auth/admin/sessions?" + query))).GetProperty("sessions").EnumerateArray()
                .Select(s => s.GetProperty("id").GetGuid()).Order().ToArray();

        Assert.Equal(new[] { oldUsPhone, germanPasskey }.Order(), await Ids($"userId={bob.Id}"));
        Assert.Equal(new[] { aliceSession }, await Ids("role=admin"));
        Assert.Equal(new[] { oldUsPhone, germanPasskey }.Order(), await Ids("role=member"));
        Assert.Equal(new[] { aliceSession, germanPasskey }.Order(), await Ids("country=de"));
        Assert.Equal(new[] { oldUsPhone }, await Ids("country=US"));
        Assert.Empty(await Ids("country=FR"));
        Assert.Equal(new[] { oldUsPhone }, await Ids("deviceKind=phone"));
        Assert.Equal(new[] { germanPasskey }, await Ids("method=passkey"));
        Assert.Equal(new[] { oldUsPhone }, await Ids("minAge=86400"));
        Assert.Equal(new[] { aliceSession, germanPasskey }.Order(), await Ids("maxAge=86400"));
        Assert.Equal(new[] { oldUsPhone, germanPasskey }.Order(), await Ids("minIdle=3600"));
        Assert.Equal(new[] { aliceSession }, await Ids("maxIdle=3600"));
        Assert.Equal(new[] { germanPasskey }, await Ids($"country=DE&role=member&deviceKind=desktop&userId={bob.Id}"));
        Assert.Empty(await Ids($"userId={carol.Id}"));
    }

    [Fact]
    public async Task TheMatchesAreSortedAndPagedWithTheirTotal()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var oldest = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Desktop, now - TimeSpan.FromDays(3));
        var middle = await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromDays(2));
        var aliceSession = await alice.SessionIdAsync();

        async Task<(Guid[] Ids, int Total)> Page(string query)
        {
            var json = await JsonAsync(await alice.GetAsync("/api/auth/admin/sessions?" + query));
            return (json.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToArray(), json.GetProperty("total").GetInt32());
        }

        Assert.Equal(new[] { aliceSession, middle, oldest }, (await Page("")).Ids);
        Assert.Equal(new[] { oldest, middle, aliceSession }, (await Page("sort=started&dir=asc")).Ids);
        Assert.Equal(new[] { middle, oldest, aliceSession }, (await Page("sort=country")).Ids);
        var second = await Page("sort=started&dir=asc&offset=1&limit=1");
        Assert.Equal(new[] { middle }, second.Ids);
        Assert.Equal(3, second.Total);
        var beyond = await Page("offset=3");
        Assert.Equal((0, 3), (beyond.Ids.Length, beyond.Total));
    }

    [Theory]
    [InlineData("country=DEU", "country")]
    [InlineData("country=1A", "country")]
    [InlineData("deviceKind=fridge", "deviceKind")]
    [InlineData("deviceKind=1", "deviceKind")]
    [InlineData("role=owner", "role")]
    [InlineData("method=magic", "method")]
    [InlineData("minAge=-1", "minAge")]
    [InlineData("minAge=ten", "minAge")]
    [InlineData("minAge=7200&maxAge=3600", "maxAge")]
    [InlineData("minIdle=7200&maxIdle=60", "maxIdle")]
    [InlineData("userId=bob", "userId")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("offset=-5", "offset")]
    [InlineData("sort=colour", "sort")]
    [InlineData("dir=up", "sort")]
    [InlineData("country=DE&country=US", "country")]
    public async Task AnUnreadableFilterIsAValidationErrorNamingTheField(string query, string field)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var response = await alice.GetAsync("/api/auth/admin/sessions?" + query);

        var json = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {json}");
    }

    [Fact]
    public async Task EndingASelectionEndsThoseAsAnAdminRevocationInOneCommitAndLeavesTheAdminsOwnSession()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var aliceId = (await App.UserAsync("alice@acme.test")).Id;
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobKept = await App.SignedInAsync("acme", "bob@acme.test");
        var chosen = new[] { await bobLaptop.SessionIdAsync(), await bobPhone.SessionIdAsync() };
        var saves = App.Writes.Saves;

        var response = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = chosen.Append(await alice.SessionIdAsync()) });

        var json = await JsonAsync(response);
        Assert.Equal((2, true), (json.GetProperty("revokedSessions").GetInt32(), json.GetProperty("skippedCurrentSession").GetBoolean()));
        Assert.Equal(saves + 1, App.Writes.Saves);
        foreach (var id in chosen)
        {
            var row = await App.SessionRowAsync(id);
            Assert.Equal((RevokeReasons.RevokedByAdmin, aliceId), (row.RevokeReason, row.RevokedBy!.Value));
            Assert.True(await App.QueryAsync(db => db.RevocationFeed.AnyAsync(e => e.Kind == RevocationKind.Session && e.TargetId == id)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await bobLaptop.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobKept.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        var events = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.ActorUserId == aliceId).ToListAsync());
        Assert.Equal(2, events.Count(e => e.Action == AuditActions.SessionRevoked));
        var console = Assert.Single(events, e => e.Action == AuditActions.SessionsEndedFromConsole);
        Assert.Equal("2 sessions ended from the console: selected", console.Detail);
        Assert.Equal((await App.TenantAsync("acme")).Id, console.TenantId);
    }

    [Fact]
    public async Task EndingAllMatchesEndsWhatTheListCountedAndNothingElse()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var german = new[]
        {
            await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(1)),
            await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Phone, now - TimeSpan.FromHours(2)),
        };
        var american = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Desktop, now - TimeSpan.FromHours(1));
        var carol = await App.UserAsync("carol@globex.test");
        var globexGerman = await AddSessionAsync(carol.Id, carol.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(1));
        var listed = (await JsonAsync(await alice.GetAsync("/api/auth/admin/sessions?country=DE"))).GetProperty("total").GetInt32();

        var json = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { filter = new { country = "de" } }));

        Assert.Equal(3, listed);
        Assert.Equal((2, true), (json.GetProperty("revokedSessions").GetInt32(), json.GetProperty("skippedCurrentSession").GetBoolean()));
        Assert.All(german, id => Assert.True(App.SessionRowAsync(id).Result.IsRevoked));
        Assert.False((await App.SessionRowAsync(american)).IsRevoked);
        Assert.False((await App.SessionRowAsync(globexGerman)).IsRevoked);
        Assert.False((await App.SessionRowAsync(await alice.SessionIdAsync())).IsRevoked);
        var console = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.SessionsEndedFromConsole));
        Assert.Equal("2 sessions ended from the console: all matches of country DE", console.Detail);
        await App.DeliverEmailsAsync();
        Assert.Equal(["[Acme Corp] An administrator of Acme Corp signed you out"], App.Mail.To("bob@acme.test").Select(m => m.Subject));
    }

    [Fact]
    public async Task AnotherWorkspacesSessionsAreNeverListedAndNeverEnded()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var carolId = (await App.UserAsync("carol@globex.test")).Id;
        var carolsList = await JsonAsync(await carol.GetAsync("/api/auth/admin/sessions"));
        var before = await App.SnapshotAsync();

        var carolEndsBob = await carol.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { await bob.SessionIdAsync() } });
        var aliceEndsMixed = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { await bob.SessionIdAsync(), await carol.SessionIdAsync() } });
        var aliceFiltersOnCarol = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { filter = new { userId = carolId } }));

        Assert.Equal(new[] { await carol.SessionIdAsync() }, carolsList.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, carolEndsBob.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, aliceEndsMixed.StatusCode);
        Assert.Equal(0, aliceFiltersOnCarol.GetProperty("revokedSessions").GetInt32());
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task EndingNeedsAFreshSessionButReadingDoesNot()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        App.Clock.Advance(PastFreshAge);
        var bobSession = await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, App.Clock.GetUtcNow());
        var list = await alice.GetAsync("/api/auth/admin/sessions");
        var before = await App.SnapshotAsync();

        var byIds = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { bobSession } });
        var byFilter = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { filter = new { } });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, "SESSION_NOT_FRESH"), (byIds.StatusCode, await CodeOf(byIds)));
        Assert.Equal((HttpStatusCode.Forbidden, "SESSION_NOT_FRESH"), (byFilter.StatusCode, await CodeOf(byFilter)));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task EndingFromAnotherOriginIsRefusedAndChangesNothing()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var foreign = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { await bob.SessionIdAsync() } }, origin: "http://globex.localhost");
        var none = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { filter = new { } }, origin: null);

        Assert.Equal((HttpStatusCode.Forbidden, "INVALID_ORIGIN"), (foreign.StatusCode, await CodeOf(foreign)));
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AnUnusableEndRequestIsAValidationError()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var neither = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { });
        var both = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { await bob.SessionIdAsync() }, filter = new { } });
        var empty = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = Array.Empty<string>() });
        var badId = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = new[] { "bob" } });
        var tooMany = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = Enumerable.Range(0, 1001).Select(_ => Guid.NewGuid()) });
        var badFilter = await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { filter = new { country = "Germany" } });

        foreach (var response in new[] { neither, both, empty, badId, tooMany, badFilter })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.True((await JsonAsync(tooMany, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("sessionIds", out _));
        Assert.True((await JsonAsync(badFilter, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("country", out _));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task AThousandSessionsEndInOneCommitWithAFeedEntryEach()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var ids = await App.QueryAsync(async db =>
        {
            var rows = Enumerable.Range(0, WorkspaceSessionSelection).Select(i => Row(bob.Id, bob.TenantId!.Value, i % 2 == 0 ? Germany : UnitedStates, Desktop, now - TimeSpan.FromMinutes(i))).ToList();
            db.Sessions.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });
        var feedBefore = await App.QueryAsync(db => db.RevocationFeed.CountAsync());
        var saves = App.Writes.Saves;

        var json = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/sessions/end", new { sessionIds = ids }));

        Assert.Equal(WorkspaceSessionSelection, json.GetProperty("revokedSessions").GetInt32());
        Assert.Equal(saves + 1, App.Writes.Saves);
        Assert.Equal(WorkspaceSessionSelection, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => ids.Contains(s.Id) && s.RevokeReason == RevokeReasons.RevokedByAdmin)));
        Assert.Equal(feedBefore + WorkspaceSessionSelection, await App.QueryAsync(db => db.RevocationFeed.CountAsync()));
        Assert.Equal(0, (await JsonAsync(await alice.GetAsync($"/api/auth/admin/sessions?userId={bob.Id}"))).GetProperty("total").GetInt32());
        Assert.Equal("1000 sessions ended from the console: selected", (await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.SessionsEndedFromConsole))).Detail);
    }

    [Fact]
    public async Task WithoutJavaScriptEndAllMatchesAsksFirstNamingTheCountThenEnds()
    {
        var alice = App.Client("acme");
        alice.Address = Germany;
        await alice.SignInOkAsync("alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var german = await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(1));
        var american = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Desktop, now - TimeSpan.FromHours(1));
        var page = await alice.PageAsync("/admin/sessions?country=DE");
        var before = await App.SnapshotAsync();

        var asked = await alice.SubmitAsync(page, "form[action*='handler=EndMatches']");
        var confirm = await Html.ParseAsync(asked);
        var unchanged = await App.SnapshotAsync();
        var done = await alice.SubmitAndFollowAsync(confirm, "[data-testid=confirm] form");

        Assert.Equal(new[] { await alice.SessionIdAsync(), german }.Order(), page.SessionIds("[data-testid=console-sessions]").Order());
        Assert.Equal("End the 1 match", page.Text("[data-testid=end-matches]"));
        Assert.Equal("Ends 1 session that matches this filter. Their people will be told an administrator ended them. Your own session here stays signed in.",
            page.QuerySelector("form[action*='handler=EndMatches']")?.GetAttribute("data-confirm-impact"));
        Assert.Equal("End the 1 matching session?", confirm.Text("[data-testid=confirm] h2"));
        Assert.Equal(before, unchanged);
        Assert.Equal("Ended 1 session. Your own session here was left signed in.", done.Text("[data-testid=flash]"));
        Assert.True((await App.SessionRowAsync(german)).IsRevoked);
        Assert.False((await App.SessionRowAsync(american)).IsRevoked);
        Assert.Equal(new[] { await alice.SessionIdAsync() }, done.SessionIds("[data-testid=console-sessions]"));
    }

    [Fact]
    public async Task WithoutJavaScriptEndSelectedAsksFirstNamingTheCountThenEnds()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var now = App.Clock.GetUtcNow();
        var first = await AddSessionAsync(bob.Id, bob.TenantId!.Value, Germany, Desktop, now - TimeSpan.FromHours(1));
        var second = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Phone, now - TimeSpan.FromHours(2));
        var kept = await AddSessionAsync(bob.Id, bob.TenantId!.Value, UnitedStates, Phone, now - TimeSpan.FromHours(3));
        var page = await alice.PageAsync("/admin/sessions");

        var nothingTicked = await alice.SubmitAsync(page, "#selection");
        var confirm = await Html.ParseAsync(await alice.SubmitAsync(page, "#selection", Form(("sessionIds", $"{first},{second}"))));
        var done = await alice.SubmitAndFollowAsync(confirm, "[data-testid=confirm] form");

        Assert.Equal(HttpStatusCode.BadRequest, nothingTicked.StatusCode);
        Assert.Equal("Ends {count} you ticked. Their people will be told an administrator ended them.", page.QuerySelector("#selection")?.GetAttribute("data-confirm-impact"));
        Assert.Equal("Ends 2 sessions you ticked. Their people will be told an administrator ended them.", confirm.Text("[data-testid=confirm-impact]"));
        Assert.Equal("Ended 2 sessions.", done.Text("[data-testid=flash]"));
        Assert.True((await App.SessionRowAsync(first)).IsRevoked);
        Assert.True((await App.SessionRowAsync(second)).IsRevoked);
        Assert.False((await App.SessionRowAsync(kept)).IsRevoked);
    }

    [Fact]
    public async Task TheConsolePageSaysWhatIsWrongWithAFilter()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var response = await alice.GetAsync("/admin/sessions?country=Germany&age=forever");
        var page = await Html.ParseAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose one of the listed times.", page.Text("[data-testid=errors]"));
        Assert.Equal("page", (await alice.PageAsync("/admin/sessions")).QuerySelector("nav.primary a[href='/admin/sessions']")?.GetAttribute("aria-current"));
    }

    private const int WorkspaceSessionSelection = 1000;

    private Task<Guid> AddSessionAsync(Guid userId, Guid tenantId, string ip, string userAgent, DateTimeOffset issuedAt, string method = AuthenticationMethods.Password) =>
        App.QueryAsync(async db =>
        {
            var session = Row(userId, tenantId, ip, userAgent, issuedAt, method);
            db.Sessions.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });

    private Session Row(Guid userId, Guid tenantId, string ip, string userAgent, DateTimeOffset issuedAt, string method = AuthenticationMethods.Password)
    {
        var expiresAt = App.Clock.GetUtcNow() + TimeSpan.FromDays(1);
        var session = new Session(
            Guid.CreateVersion7(issuedAt), RandomNumberGenerator.GetBytes(32), tenantId, userId,
            new SessionLifetime(issuedAt, expiresAt, expiresAt + TimeSpan.FromDays(20)), ip, userAgent, "A device", isPersistent: true);
        session.RecordAuthenticationMethod(method);
        return session;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionConsoleTests(SqliteAppFixture app) : SessionConsoleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionConsoleTests(PostgresAppFixture app) : SessionConsoleTests(app);
