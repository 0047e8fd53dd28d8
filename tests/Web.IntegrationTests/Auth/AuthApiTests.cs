using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Auth;

public abstract class AuthApiTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task SignUpSendsAVerificationLinkAndCreatesNoAccountOrSessionYet()
    {
        var acme = App.Client("acme");

        var response = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "Erin", email = "erin@acme.test", password = "Sup3r-secret" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"token\":null,\"user\":null}", await response.Content.ReadAsStringAsync());
        Assert.Null(acme.SessionToken);
        Assert.Equal(0, await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "erin@acme.test")));
        var mail = await App.SingleMailToAsync("erin@acme.test");
        Assert.Equal("[Acme Corp] Confirm your e-mail address", mail.Subject);
    }

    [Fact]
    public async Task SignUpWithAnInvalidBodyIsAValidationProblem()
    {
        var acme = App.Client("acme");

        var response = await acme.PostJsonAsync("/api/auth/sign-up/email", new { name = "", email = "not-an-email", password = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await CodeOf(response));
        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestNotAServerError()
    {
        var acme = App.Client("acme");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in/email")
        {
            Content = new StringContent("{\"email\": \"alice@acme.test\", ", System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await acme.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", await CodeOf(response));
    }

    [Fact]
    public async Task SignInSetsAHostOnlyHttpOnlyCookieAndNeverReturnsTheToken()
    {
        var acme = App.Client("acme");

        var response = await acme.SignInAsync("alice@acme.test");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(TestClient.SetCookies(response), c => c.Name == "ts_session" && c.Value.Length > 0);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Null(cookie.Domain.Value);
        Assert.Equal("/", cookie.Path.Value);
        Assert.Equal(76, acme.SessionToken!.Length);
        Assert.DoesNotContain(acme.SessionToken.Split('.')[1], body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task GetSessionCarriesTheTenantsNameAndStatus()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");

        var session = await acme.GetSessionAsync();

        var user = session.GetProperty("user");
        Assert.Equal("alice@acme.test", user.GetProperty("email").GetString());
        Assert.Equal("Alice Admin", user.GetProperty("name").GetString());
        Assert.Equal("TenantAdmin", user.GetProperty("role").GetString());
        var tenant = user.GetProperty("tenant");
        Assert.Equal("Acme Corp", tenant.GetProperty("name").GetString());
        Assert.Equal("active", tenant.GetProperty("status").GetString());
        Assert.Equal((await App.TenantAsync("acme")).Id, tenant.GetProperty("id").GetGuid());
        var s = session.GetProperty("session");
        foreach (var field in new[] { "id", "userId", "createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent" })
        {
            Assert.True(s.TryGetProperty(field, out _), $"session.{field} is missing");
        }

        Assert.False(s.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task GetSessionIsNullWhenAnonymous()
    {
        var acme = App.Client("acme");

        var response = await acme.GetAsync("/api/auth/get-session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserGetTheSameAnswer()
    {
        var acme = App.Client("acme");

        var wrongPassword = await acme.SignInAsync("alice@acme.test", "not-her-password");
        var unknownUser = await acme.SignInAsync("nobody@acme.test", "not-her-password");
        var otherTenantsUser = await acme.SignInAsync("carol@globex.test");

        foreach (var response in new[] { wrongPassword, unknownUser, otherTenantsUser })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("INVALID_EMAIL_OR_PASSWORD", problem.GetProperty("code").GetString());
            Assert.Equal("Invalid email or password.", problem.GetProperty("detail").GetString());
        }

        Assert.Null(acme.SessionToken);
    }

    [Fact]
    public async Task SignInIsRefusedOnASuspendedTenantWithTheReason()
    {
        var initech = App.Client("initech");

        var response = await initech.SignInAsync("dave@initech.test");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TENANT_SUSPENDED", problem.GetProperty("code").GetString());
        Assert.Equal("Initech is suspended: Unpaid invoice", problem.GetProperty("detail").GetString());
        Assert.Null(initech.SessionToken);
    }

    [Fact]
    public async Task SuperadminSignsInOnlyOnThePlatformHost()
    {
        var acme = App.Client("acme");
        var platform = App.PlatformClient();

        var onTenant = await acme.SignInAsync("root@platform.test");
        var onPlatform = await platform.SignInAsync("root@platform.test");
        var tenantUserOnPlatform = await App.PlatformClient().SignInAsync("alice@acme.test");

        Assert.Equal(HttpStatusCode.Unauthorized, onTenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onPlatform.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tenantUserOnPlatform.StatusCode);
        var session = await platform.GetSessionAsync();
        Assert.Equal("PlatformSuperadmin", session.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("user").GetProperty("tenant").ValueKind);
    }

    [Fact]
    public async Task EverySignInGetsANewTokenAndStoresOnlyItsHash()
    {
        var first = App.Client("acme");
        var second = App.Client("acme");

        await first.SignInOkAsync("bob@acme.test");
        await second.SignInOkAsync("bob@acme.test");

        Assert.NotEqual(first.SessionToken, second.SessionToken);
        var hashes = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => s.TokenHash).ToListAsync());
        Assert.Equal(2, hashes.Count);
        Assert.All(hashes, h => Assert.Equal(32, h.Length));
        var (selector, verifier) = (first.SessionToken!.Split('.')[0], first.SessionToken.Split('.')[1]);
        var expected = System.Security.Cryptography.SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(verifier));
        Assert.Contains(hashes, h => h.SequenceEqual(expected));
        var ids = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => s.Id).ToListAsync());
        Assert.Contains(ids, id => id.ToString("N") == selector);
    }

    [Fact]
    public async Task ACookieSetBeforeSignInIsNeverAdopted()
    {
        var acme = App.Client("acme");
        var planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        acme.Cookies["ts_session"] = planted;

        await acme.SignInOkAsync("bob@acme.test");

        Assert.NotEqual(planted, acme.SessionToken);
        var planter = App.Client("acme");
        planter.Cookies["ts_session"] = planted;
        Assert.Equal("null", await (await planter.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignOutEndsTheSessionAndRejectsBothOldCookies()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        await acme.GetSessionAsync();
        var oldToken = acme.SessionToken!;
        var oldCache = acme.CacheCookie!;

        var response = await acme.PostJsonAsync("/api/auth/sign-out", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains(TestClient.SetCookies(response), c => c.Name == "ts_session" && c.Value.Length == 0);
        Assert.Contains(TestClient.SetCookies(response), c => c.Name == "ts_session_cache" && c.Value.Length == 0);
        var replay = App.Client("acme");
        replay.Cookies["ts_session"] = oldToken;
        replay.Cookies["ts_session_cache"] = oldCache;
        var afterSignOut = await replay.GetAsync("/api/auth/list-sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
        Assert.Equal("SESSION_REVOKED", await CodeOf(afterSignOut));
        var row = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().SingleAsync());
        Assert.Equal("SIGNED_OUT", row.RevokeReason);
        Assert.NotNull(row.RevokedAt);
    }

    [Fact]
    public async Task SignOutNeedsAnOriginFromTheSameWorkspace()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");

        var fromGlobex = await acme.PostJsonAsync("/api/auth/sign-out", null, origin: "http://globex.localhost");
        var withoutOrigin = await acme.PostJsonAsync("/api/auth/sign-out", null, origin: null);
        var viaGet = await acme.GetAsync("/api/auth/sign-out");

        Assert.Equal(HttpStatusCode.Forbidden, fromGlobex.StatusCode);
        Assert.Equal("INVALID_ORIGIN", await CodeOf(fromGlobex));
        Assert.Equal(HttpStatusCode.Forbidden, withoutOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, viaGet.StatusCode);
        Assert.Null(await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => s.RevokedAt).SingleAsync()));
    }

    protected static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuthApiTests(SqliteAppFixture app) : AuthApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuthApiTests(PostgresAppFixture app) : AuthApiTests(app);
