using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Contracts;

/// <summary>
/// Pins the JSON shapes clients depend on (Better Auth's client among them). A renamed or dropped property fails here
/// before it breaks a client.
/// </summary>
public abstract class ApiContractTests(AppFixture app) : IntegrationTest(app)
{
    private static readonly string[] SessionItemFields =
        ["id", "token", "userId", "createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent", "deviceLabel", "lastSeenAt", "current", "authenticationMethod", "location", "countryCode", "impersonatedBy"];

    [Fact]
    public async Task ListSessionsIsAnArrayOfBetterAuthSessionsWithOurExtraFields()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var list = await JsonAsync(await bob.GetAsync("/api/auth/list-sessions"));

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        var item = list[0];
        AssertFields(item, SessionItemFields);
        Assert.True(Guid.TryParse(item.GetProperty("id").GetString(), out _));
        Assert.Equal(item.GetProperty("id").GetString(), item.GetProperty("token").GetString());
        Assert.Equal(JsonValueKind.True, item.GetProperty("current").ValueKind);
        foreach (var instant in new[] { "createdAt", "updatedAt", "expiresAt", "lastSeenAt" })
        {
            Assert.True(DateTimeOffset.TryParse(item.GetProperty(instant).GetString(), out _), instant);
        }
    }

    [Fact]
    public async Task RevocationsAnswerWithBetterAuthsStatusShape()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var other = await App.SignedInAsync("acme", "bob@acme.test");

        var one = await bob.PostJsonAsync("/api/auth/revoke-session", new { token = await other.SessionIdAsync() });
        var others = await bob.PostJsonAsync("/api/auth/revoke-other-sessions", null);
        var all = await bob.PostJsonAsync("/api/auth/revoke-sessions", null);

        foreach (var response in new[] { one, others, all })
        {
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal("""{"status":true}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task GetSessionHasBetterAuthsSessionAndUserWithOurTenant()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var body = await alice.GetSessionAsync();

        AssertFields(body, ["session", "user"]);
        AssertFields(body.GetProperty("session"), ["id", "userId", "createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent", "impersonatedBy"]);
        AssertFields(body.GetProperty("user"), ["id", "email", "name", "role", "tenant"]);
        AssertFields(body.GetProperty("user").GetProperty("tenant"), ["id", "slug", "name", "status"]);
    }

    [Fact]
    public async Task AdminRoutesUseBetterAuthsAdminShapes()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobUser = await App.UserAsync("bob@acme.test");

        var list = await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/list-user-sessions", new { userId = bobUser.Id }));
        var one = await alice.PostJsonAsync("/api/auth/admin/revoke-user-session", new { sessionToken = await bob.SessionIdAsync() });
        var all = await alice.PostJsonAsync("/api/auth/admin/revoke-user-sessions", new { userId = bobUser.Id });
        var members = await JsonAsync(await alice.GetAsync("/api/auth/admin/members"));
        var policy = await JsonAsync(await alice.GetAsync("/api/auth/admin/session-policy"));

        AssertFields(list, ["sessions"]);
        AssertFields(list.GetProperty("sessions")[0], SessionItemFields);
        Assert.Equal("""{"success":true}""", await one.Content.ReadAsStringAsync());
        Assert.Equal("""{"success":true}""", await all.Content.ReadAsStringAsync());
        AssertFields(members, ["members"]);
        AssertFields(members.GetProperty("members")[0], ["id", "email", "name", "role", "roles", "liveSessions", "lastActiveAt", "lockedOut", "createdAt", "banned", "lockedUntil"]);
        AssertFields(policy, ["tenant", "defaults", "effective"]);
        AssertFields(policy.GetProperty("effective"), ["expiresIn", "updateAge", "freshAge", "absoluteLifetime", "maxConcurrentSessions", "concurrentSessionAction", "idleTimeout"]);
    }

    [Fact]
    public async Task PlatformRoutesHaveStableShapes()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bob = await App.UserAsync("bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var tenants = await JsonAsync(await root.GetAsync("/api/platform/tenants"));
        var users = await JsonAsync(await root.GetAsync("/api/platform/users"));
        var sessions = await JsonAsync(await root.GetAsync($"/api/platform/users/{bob.Id}/sessions"));

        AssertFields(tenants, ["limit", "offset", "tenants", "total"]);
        AssertFields(tenants.GetProperty("tenants")[0], ["id", "slug", "name", "status", "suspensionReason", "suspendedAt", "createdAt", "members", "liveSessions", "suspendedBy"]);
        AssertFields(users, ["users"]);
        AssertFields(users.GetProperty("users")[0], ["id", "email", "name", "role", "tenant", "liveSessions", "lastActiveAt"]);
        AssertFields(sessions, ["user", "sessions"]);
        AssertFields(sessions.GetProperty("sessions")[0], SessionItemFields);
    }

    [Fact]
    public async Task ErrorsAreProblemDetailsWithAStableCode()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.PostJsonAsync("/api/auth/revoke-session", new { token = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("NOT_FOUND", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheSessionManagementApi()
    {
        var response = await (await App.SignedInAsync("", "root@platform.test")).GetAsync("/openapi/v1.json");

        var paths = (await JsonAsync(response)).GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/auth/list-sessions", "/api/auth/revoke-session", "/api/auth/revoke-other-sessions", "/api/auth/revoke-sessions",
            "/api/auth/reauthenticate", "/api/auth/admin/list-user-sessions", "/api/auth/admin/revoke-user-session",
            "/api/auth/admin/revoke-user-sessions", "/api/auth/admin/members", "/api/auth/admin/session-policy",
            "/api/platform/tenants", "/api/platform/tenants/{id}/suspend", "/api/platform/users/{id}/revoke-sessions",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }

        Assert.True(paths.GetProperty("/api/auth/admin/session-policy").TryGetProperty("put", out _));
    }

    [Fact]
    public async Task EveryDateIsWrittenAsJavaScriptDoesInUtcWithMilliseconds()
    {
        // A fraction finer than milliseconds (whole microseconds: PostgreSQL keeps no finer, and this clock is shared).
        App.Clock.Advance(TimeSpan.FromTicks(7747790));
        var signedInAt = App.Clock.GetUtcNow();
        var alice = App.Client("acme");
        var signIn = await JsonAsync(await alice.SignInAsync("alice@acme.test"));
        var root = await App.SignedInAsync("", "root@platform.test");
        var aliceUser = await App.UserAsync("alice@acme.test");

        var bodies = new[]
        {
            signIn,
            await alice.GetSessionAsync(),
            await JsonAsync(await alice.GetAsync("/api/auth/list-sessions")),
            await JsonAsync(await alice.PostJsonAsync("/api/auth/admin/list-user-sessions", new { userId = aliceUser.Id })),
            await JsonAsync(await alice.GetAsync("/api/auth/admin/members")),
            await JsonAsync(await root.GetAsync("/api/platform/tenants")),
            await JsonAsync(await root.GetAsync($"/api/platform/users/{aliceUser.Id}/sessions")),
        };

        var dates = bodies.SelectMany(DateStrings).ToList();
        Assert.True(dates.Count > 10, $"only {dates.Count} dates found");
        Assert.All(dates, d => Assert.Matches(JavaScriptDate, d));
        Assert.Equal(signedInAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), bodies[1].GetProperty("session").GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task GetSessionOfAnEndedSessionIsNullWithTheReasonInAHeaderAndClearsTheCookies()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var replay = App.Replay(bob, bob.SessionToken, bob.CacheCookie);
        await bob.PostJsonAsync("/api/auth/sign-out", null);

        var response = await replay.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
        Assert.Equal("SESSION_REVOKED", Assert.Single(response.Headers.GetValues("X-Session-Ended")));
        Assert.Equal("SIGNED_OUT", Assert.Single(response.Headers.GetValues("X-Session-Ended-Reason")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains(TestClient.SetCookies(response), c => c.Name == "ts_session" && c.Value.Length == 0);
        Assert.Contains(TestClient.SetCookies(response), c => c.Name == "ts_session_cache" && c.Value.Length == 0);
        Assert.Null(replay.SessionToken);
    }

    [Fact]
    public async Task GetSessionWithoutAnySessionHasNoEndedHeader()
    {
        var response = await App.Client("acme").GetAsync("/api/auth/get-session");

        Assert.Equal("null", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Session-Ended"));
    }

    private static readonly System.Text.RegularExpressions.Regex JavaScriptDate = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");

    private static IEnumerable<string> DateStrings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => DateStrings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(DateStrings),
        JsonValueKind.String when element.GetString() is { Length: >= 19 } s && char.IsAsciiDigit(s[0]) && s[4] == '-' && s[10] == 'T' => [s],
        _ => [],
    };

    private static void AssertFields(JsonElement element, string[] expected) =>
        Assert.Equal(expected.Order().ToArray(), element.EnumerateObject().Select(p => p.Name).Order().ToArray());
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteApiContractTests(SqliteAppFixture app) : ApiContractTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiContractTests(PostgresAppFixture app) : ApiContractTests(app);
