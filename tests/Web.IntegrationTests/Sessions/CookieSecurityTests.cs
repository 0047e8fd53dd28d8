using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Sessions;

public abstract class CookieSecurityTests(AppFixture app) : IntegrationTest(app)
{
    public static TheoryData<string> MalformedCookieHeaders => new()
    {
        "ts_session=",
        "ts_session=not base64 at all!",
        "ts_session=" + new string('A', 8000),
        "ts_session=' OR '1'='1'; DROP TABLE Sessions; --",
        "ts_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; ts_session=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "ts_session=%00%01%02",
        "ts_session=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
        "ts_session_cache=garbage",
        "ts_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; ts_session_cache=k.e.m",
        "ts_session=019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "ts_session=019AC3F27B1E7C4D9A553F0E2D1C4B6A.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "ts_session=00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "ts_session=019ac3f27b1e7c4d9a553f0e2d1c4b6a..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };

    [Theory]
    [MemberData(nameof(MalformedCookieHeaders))]
    public async Task AMalformedSessionCookieIsAnonymousNeverAServerError(string cookieHeader)
    {
        var client = App.Client("acme");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
        request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);

        var api = await client.SendAsync(request);
        var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        pageRequest.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        var page = await client.SendAsync(pageRequest);

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("null", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ASecondCookieWithTheSessionNameMakesTheRequestAnonymous()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
        request.Headers.TryAddWithoutValidation("Cookie", $"ts_session={acme.SessionToken}; ts_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var response = await App.Client("acme").SendAsync(request);

        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARealSessionIdWithAForgedVerifierIsAnonymousAndTheSessionLivesOn()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var selector = acme.SessionToken!.Split('.')[0];
        var forger = App.Client("acme");
        forger.Cookies["ts_session"] = selector + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        var forged = await forger.GetAsync("/api/auth/get-session");
        var revoke = await forger.PostJsonAsync("/api/auth/revoke-sessions", null);

        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal("null", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, revoke.StatusCode);
        Assert.Equal("bob@acme.test", (await acme.GetSessionAsync()).GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ARealTokenSpelledInUpperCaseIsAnonymous()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var (selector, verifier) = (acme.SessionToken!.Split('.')[0], acme.SessionToken.Split('.')[1]);
        var shouting = App.Client("acme");
        shouting.Cookies["ts_session"] = selector.ToUpperInvariant() + "." + verifier;

        var response = await shouting.GetAsync("/api/auth/get-session");

        Assert.Matches("[a-f]", selector);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MyVerifierAndCacheCookieUnderAnotherSessionsIdAreAnonymous()
    {
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        await bob.GetSessionAsync();
        var otherDevice = App.Client("acme");
        await otherDevice.SignInOkAsync("bob@acme.test");
        var mixed = App.Client("acme");
        mixed.Cookies["ts_session"] = otherDevice.SessionToken!.Split('.')[0] + "." + bob.SessionToken!.Split('.')[1];
        mixed.Cookies["ts_session_cache"] = bob.CacheCookie!;

        var response = await mixed.GetAsync("/api/auth/get-session");

        Assert.Equal("null", await response.Content.ReadAsStringAsync());
        Assert.Equal("bob@acme.test", (await bob.GetSessionAsync()).GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ALookAlikeCookieNameIsIgnored()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        var impostor = App.Client("acme");
        impostor.Cookies["ts%5Fsession"] = acme.SessionToken!;
        impostor.Cookies["TS_SESSION"] = acme.SessionToken!;
        impostor.Cookies["ts_session_"] = acme.SessionToken!;

        var response = await impostor.GetAsync("/api/auth/get-session");

        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATamperedCacheCookieIsIgnoredAndTheDatabaseDecides()
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync("bob@acme.test");
        await acme.GetSessionAsync();
        var cache = acme.CacheCookie!;
        var middle = cache.Length / 2;
        acme.Cookies["ts_session_cache"] = cache[..middle] + (cache[middle] == 'A' ? 'B' : 'A') + cache[(middle + 1)..];
        var before = App.Commands.Count;

        var session = await acme.GetSessionAsync();

        Assert.Equal("bob@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        Assert.True(App.Commands.Count > before);
        Assert.Equal(cache.Split('.')[0], acme.CacheCookie!.Split('.')[0]);
    }

    [Fact]
    public async Task AnotherSessionsCacheCookieDoesNotLendItsIdentity()
    {
        var alice = App.Client("acme");
        await alice.SignInOkAsync("alice@acme.test");
        await alice.GetSessionAsync();
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        bob.Cookies["ts_session_cache"] = alice.CacheCookie!;

        var session = await bob.GetSessionAsync();

        Assert.Equal("bob@acme.test", session.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ACacheCookieWithoutItsSessionCookieIsNothing()
    {
        var alice = App.Client("acme");
        await alice.SignInOkAsync("alice@acme.test");
        await alice.GetSessionAsync();
        var thief = App.Client("acme");
        thief.Cookies["ts_session_cache"] = alice.CacheCookie!;

        var response = await thief.GetAsync("/api/auth/get-session");

        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EverySessionCookieIsHostOnlyHttpOnlyLaxAndSmall()
    {
        var acme = App.Client("acme");
        acme.UserAgent = new string('x', 2000);

        var signIn = await acme.SignInAsync("alice@acme.test");
        var get = await acme.GetAsync("/api/auth/get-session");

        var cookies = TestClient.SetCookies(signIn).Concat(TestClient.SetCookies(get)).Where(c => c.Value.Length > 0).ToList();
        Assert.Contains(cookies, c => c.Name == "ts_session");
        Assert.Contains(cookies, c => c.Name == "ts_session_cache");
        Assert.All(cookies, c =>
        {
            Assert.True(c.HttpOnly);
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, c.SameSite);
            Assert.Null(c.Domain.Value);
            Assert.Equal("/", c.Path.Value);
            Assert.True(c.ToString().Length < 4096, $"{c.Name} is {c.ToString().Length} bytes");
        });
        var cache = cookies.Single(c => c.Name == "ts_session_cache");
        Assert.Equal(TimeSpan.FromMinutes(5), cache.MaxAge);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCookieSecurityTests(SqliteAppFixture app) : CookieSecurityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCookieSecurityTests(PostgresAppFixture app) : CookieSecurityTests(app);
