using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Scim;

/// <summary>
/// SCIM 2.0 provisioning as Okta and Entra ID drive it (their documented request sequences, replayed), against the
/// real host: tokens made on the admin page, deactivation ending every session (cookie and warm cache), cross-tenant
/// ids, bad tokens and bad bodies.
/// </summary>
public abstract class ScimTests(AppFixture app) : IntegrationTest(app)
{
    private const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    [Fact]
    public async Task OktasSequenceCreatesFindsReplacesAndDeactivatesAMember()
    {
        var token = await TokenAsync("acme", "alice@acme.test");

        var none = await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"dave@acme.test\"") + "&startIndex=1&count=100");
        var created = await ScimAsync("acme", token, HttpMethod.Post, "/scim/v2/Users", new
        {
            schemas = new[] { UserSchema },
            userName = "dave@acme.test",
            name = new { givenName = "Dave", familyName = "Doe" },
            emails = new[] { new { primary = true, value = "dave@acme.test", type = "work" } },
            displayName = "Dave Doe",
            locale = "en-US",
            externalId = "00u1okta",
            groups = Array.Empty<object>(),
            active = true,
        });
        var createdBody = await BodyAsync(created, HttpStatusCode.Created);
        var id = createdBody.GetProperty("id").GetString()!;
        var found = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"DAVE@acme.test\"")));
        var fetched = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, $"/scim/v2/Users/{id}"));
        var replaced = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Put, $"/scim/v2/Users/{id}", new
        {
            schemas = new[] { UserSchema },
            id,
            userName = "dave@acme.test",
            name = new { givenName = "David", familyName = "Doe" },
            emails = new[] { new { primary = true, value = "dave@acme.test", type = "work" } },
            displayName = "David Doe",
            active = true,
        }));
        var deactivated = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Patch, $"/scim/v2/Users/{id}", new
        {
            schemas = new[] { PatchSchema },
            Operations = new object[] { new { op = "replace", value = new { active = false } } },
        }));

        Assert.Equal(0, (await BodyAsync(none)).GetProperty("totalResults").GetInt32());
        Assert.Equal("application/scim+json", created.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith($"/scim/v2/Users/{id}", created.Headers.Location?.ToString());
        Assert.True(createdBody.GetProperty("active").GetBoolean());
        Assert.Equal("00u1okta", createdBody.GetProperty("externalId").GetString());
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.Equal(id, found.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal("dave@acme.test", fetched.GetProperty("userName").GetString());
        Assert.Equal("David Doe", replaced.GetProperty("displayName").GetString());
        Assert.Equal("David", replaced.GetProperty("name").GetProperty("givenName").GetString());
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        var dave = await App.UserAsync("dave@acme.test");
        Assert.Null(dave.PasswordHash);
        Assert.True(dave.EmailConfirmed);
        Assert.True(Bans.IsBanned(dave.LockoutEnd));
    }

    [Fact]
    public async Task EntraIdsSequenceDeactivatesAnExistingMemberAndEveryCookieIsRefusedAtOnce()
    {
        var token = await TokenAsync("acme", "alice@acme.test");
        var bobWarm = await App.SignedInAsync("acme", "bob@acme.test");
        await bobWarm.WarmCacheAsync(App);
        var bobCold = await App.SignedInAsync("acme", "bob@acme.test");
        var bobSession = await bobWarm.SessionIdAsync();

        var byUserName = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"bob@acme.test\"")));
        var id = byUserName.GetProperty("Resources")[0].GetProperty("id").GetString()!;
        var zero = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"non-existent user\"")));
        var multi = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Patch, $"/scim/v2/Users/{id}", new
        {
            schemas = new[] { PatchSchema },
            Operations = new object[]
            {
                new { op = "Replace", path = "name.familyName", value = "Builder" },
                new { op = "Add", path = "externalId", value = "entra-0001" },
                new { op = "Replace", path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value = "Ops" },
            },
        }));
        var disable = await ScimAsync("acme", token, HttpMethod.Patch, $"/scim/v2/Users/{id}", new
        {
            schemas = new[] { PatchSchema },
            Operations = new object[] { new { op = "Replace", path = "active", value = "False" } },
        });

        var warm = await bobWarm.GetAsync("/api/auth/list-sessions");
        var cold = await bobCold.GetAsync("/api/auth/list-sessions");
        var signIn = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal(1, byUserName.GetProperty("totalResults").GetInt32());
        Assert.Equal(0, zero.GetProperty("totalResults").GetInt32());
        Assert.Equal("Builder", multi.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal("entra-0001", multi.GetProperty("externalId").GetString());
        Assert.False((await BodyAsync(disable)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, warm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cold.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        var row = await App.SessionRowAsync(bobSession);
        Assert.Equal(ScimReasons.Deactivated, row.RevokeReason);
        Assert.Null(row.RevokedBy);
        var events = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.TargetUserId == Guid.Parse(id) && e.Action == ScimReasons.UserDeactivated).ToListAsync());
        Assert.Single(events);
        Assert.Null(events[0].ActorUserId);

        // The member's history names the directory.
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var member = await alice.PageAsync($"/admin/members/{id}");
        Assert.Contains(ScimReasons.Actor, member.Texts("[data-testid=ended-by]"));

        // Reactivation lets bob sign in again and revives none of his sessions.
        var enable = await ScimAsync("acme", token, HttpMethod.Patch, $"/scim/v2/Users/{id}", new
        {
            schemas = new[] { PatchSchema },
            Operations = new object[] { new { op = "Replace", path = "active", value = "True" } },
        });
        Assert.True((await BodyAsync(enable)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobCold.GetAsync("/api/auth/list-sessions")).StatusCode);

        // Entra ID's hard delete: 204, then the resource is gone and bob is deactivated again.
        var delete = await ScimAsync("acme", token, HttpMethod.Delete, $"/scim/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync("acme", token, HttpMethod.Get, $"/scim/v2/Users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspacesUserIsNotFoundAndItsTokenIsNoCredentialHere()
    {
        var acmeToken = await TokenAsync("acme", "alice@acme.test");
        var globexToken = await TokenAsync("globex", "carol@globex.test");
        var carolId = (await App.UserAsync("carol@globex.test")).Id;

        var get = await ScimAsync("acme", acmeToken, HttpMethod.Get, $"/scim/v2/Users/{carolId}");
        var patch = await ScimAsync("acme", acmeToken, HttpMethod.Patch, $"/scim/v2/Users/{carolId}", new
        {
            Operations = new object[] { new { op = "replace", value = new { active = false } } },
        });
        var delete = await ScimAsync("acme", acmeToken, HttpMethod.Delete, $"/scim/v2/Users/{carolId}");
        var list = await BodyAsync(await ScimAsync("acme", acmeToken, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq \"carol@globex.test\"")));
        var foreignToken = await ScimAsync("acme", globexToken, HttpMethod.Get, "/scim/v2/Users");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("404", (await BodyAsync(get, HttpStatusCode.NotFound)).GetProperty("status").GetString());
        Assert.Equal(0, list.GetProperty("totalResults").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, foreignToken.StatusCode);
        Assert.Null((await App.UserAsync("carol@globex.test")).LockoutEnd);
    }

    [Fact]
    public async Task AMissingWrongRotatedOrRevokedTokenOrASessionCookieIs401()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/scim");
        var created = await Html.ParseAsync(await alice.SubmitAsync(page, "[data-testid=create-token]", PageTestExtensions.Form(("Name", "Okta"))));
        var first = created.Text("[data-testid=token-secret]");
        var works = await ScimAsync("acme", first, HttpMethod.Get, "/scim/v2/Users");

        var rotatePage = await alice.PageAsync("/admin/scim");
        var rotated = await Html.ParseAsync(await alice.SubmitAsync(rotatePage, "[data-testid=rotate-token]", PageTestExtensions.Form(("confirmed", "true"))));
        var second = rotated.Text("[data-testid=token-secret]");
        var oldSecret = await ScimAsync("acme", first, HttpMethod.Get, "/scim/v2/Users");
        var newSecret = await ScimAsync("acme", second, HttpMethod.Get, "/scim/v2/Users");

        // Revoking asks first: the first post only shows the confirmation.
        var revokePage = await alice.PageAsync("/admin/scim");
        var asked = await Html.ParseAsync(await alice.SubmitAsync(revokePage, "[data-testid=revoke-token]"));
        var stillWorks = await ScimAsync("acme", second, HttpMethod.Get, "/scim/v2/Users");
        var revoked = await alice.SubmitAsync(await alice.PageAsync("/admin/scim"), "[data-testid=revoke-token]", PageTestExtensions.Form(("confirmed", "true")));
        var afterRevoke = await ScimAsync("acme", second, HttpMethod.Get, "/scim/v2/Users");

        var none = await App.Client("acme").SendAsync(new HttpRequestMessage(HttpMethod.Get, "/scim/v2/Users"));
        var garbage = await ScimAsync("acme", "scim_not-a-token", HttpMethod.Get, "/scim/v2/Users");
        var cookieOnly = await alice.GetAsync("/scim/v2/Users");
        var tampered = await ScimAsync("acme", second[..^2] + (second[^2] == 'A' ? "BA" : "AA"), HttpMethod.Get, "/scim/v2/Users");

        Assert.StartsWith("scim_", first);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        Assert.NotNull(asked.QuerySelector("[data-testid=confirm]"));
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cookieOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", (await BodyAsync(none, HttpStatusCode.Unauthorized)).GetProperty("schemas")[0].GetString());
        Assert.DoesNotContain(first, page.Source.Text + (await alice.PageAsync("/admin/scim")).Source.Text);
    }

    [Fact]
    public async Task TheLastUseIsWrittenAtMostOnceAMinute()
    {
        var token = await TokenAsync("acme", "alice@acme.test");
        await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users");
        var first = await LastUsedAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users");
        var within = await LastUsedAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Users");
        var after = await LastUsedAsync();

        Assert.NotNull(first);
        Assert.Equal(first, within);
        Assert.Equal(first + TimeSpan.FromSeconds(61), after);

        Task<DateTimeOffset?> LastUsedAsync() => App.QueryAsync(db => db.ScimTokens.IgnoreQueryFilters().Select(t => t.LastUsedAt).SingleAsync());
    }

    [Theory]
    [InlineData("POST", "/scim/v2/Users", "{not json", "invalidSyntax")]
    [InlineData("POST", "/scim/v2/Users", "[1,2]", "invalidSyntax")]
    [InlineData("POST", "/scim/v2/Users", "{\"userName\": 42}", "invalidValue")]
    [InlineData("POST", "/scim/v2/Users", "{\"userName\": \"no-address\"}", "invalidValue")]
    [InlineData("POST", "/scim/v2/Users", "{\"userName\": \"eve@acme.test\", \"active\": \"maybe\"}", "invalidValue")]
    [InlineData("POST", "/scim/v2/Users", "{\"userName\": \"eve@acme.test\", \"emails\": \"eve\"}", "invalidValue")]
    [InlineData("POST", "/scim/v2/Users", "{\"userName\": \"bob@acme.test\"}", "uniqueness")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{}", "invalidSyntax")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": []}", "invalidSyntax")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"jump\", \"path\": \"active\", \"value\": false}]}", "invalidSyntax")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": \"Nope\"}]}", "invalidValue")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"replace\", \"value\": false}]}", "invalidValue")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"remove\"}]}", "noTarget")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"remove\", \"path\": \"userName\"}]}", "mutability")]
    [InlineData("PATCH", "/scim/v2/Users/{bob}", "{\"Operations\": [{\"op\": \"replace\", \"path\": \"emails[type eq \\\"work\\\".value\", \"value\": \"x@acme.test\"}]}", "invalidPath")]
    [InlineData("PUT", "/scim/v2/Users/{bob}", "\"a string\"", "invalidSyntax")]
    [InlineData("GET", "/scim/v2/Users?filter=displayName%20co%20%22b%22", null, "invalidFilter")]
    [InlineData("GET", "/scim/v2/Users?filter=title%20eq%20%22b%22", null, "invalidFilter")]
    [InlineData("GET", "/scim/v2/Users?count=lots", null, "invalidValue")]
    public async Task AMalformedRequestIsASCIMErrorAndChangesNothing(string method, string path, string? body, string scimType)
    {
        var token = await TokenAsync("acme", "alice@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var before = await App.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{bob}", bobId.ToString()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/scim+json");
        }

        var response = await App.Client("acme").SendAsync(request, origin: null);
        var error = await BodyAsync(response, response.StatusCode);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", error.GetProperty("schemas")[0].GetString());
        Assert.Equal(((int)response.StatusCode).ToString(), error.GetProperty("status").GetString());
        Assert.Equal(scimType, error.GetProperty("scimType").GetString());
        Assert.Equal(before, await App.SnapshotAsync());
    }

    [Fact]
    public async Task TheDiscoveryDocumentsAreThereAndAnythingElseIsAScim404()
    {
        var token = await TokenAsync("acme", "alice@acme.test");

        var config = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/ServiceProviderConfig"));
        var types = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/ResourceTypes"));
        var schemas = await BodyAsync(await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Schemas"));
        var groups = await ScimAsync("acme", token, HttpMethod.Get, "/scim/v2/Groups");

        Assert.True(config.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.False(config.GetProperty("bulk").GetProperty("supported").GetBoolean());
        Assert.Equal("oauthbearertoken", config.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString());
        Assert.Equal("/Users", types.GetProperty("Resources")[0].GetProperty("endpoint").GetString());
        Assert.Equal(UserSchema, schemas.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, groups.StatusCode);
        Assert.Equal("application/scim+json", groups.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A SCIM token made as an admin makes one: on the page, with a fresh session; its secret read from the answer.</summary>
    private async Task<string> TokenAsync(string slug, string admin)
    {
        var client = await App.SignedInAsync(slug, admin);
        var page = await client.PageAsync("/admin/scim");
        var response = await client.SubmitAsync(page, "[data-testid=create-token]", PageTestExtensions.Form(("Name", "Directory")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = (await Html.ParseAsync(response)).Text("[data-testid=token-secret]");
        Assert.StartsWith("scim_", secret);
        return secret;
    }

    private Task<HttpResponseMessage> ScimAsync(string slug, string token, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/scim+json");
        }

        return App.Client(slug).SendAsync(request, origin: null);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteScimTests(SqliteAppFixture app) : ScimTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresScimTests(PostgresAppFixture app) : ScimTests(app);
