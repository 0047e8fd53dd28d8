using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.SecondFactors;

/// <summary>
/// Sign-in with a second factor: a correct password alone yields no session and no cache cookie (Better Auth's
/// GHSA-xg6x-h9c9-2m83), only a pending-sign-in cookie that is single-use, short-lived and bound to its tenant.
/// </summary>
public abstract class TwoFactorSignInTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task SettingUpTotpReturnsAUriAndTenCodesAndTurnsItOnOnlyAfterARightCode()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var setup = await JsonAsync(await bob.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword }));
        var authenticator = Authenticator.FromSetup(setup);

        Assert.StartsWith("otpauth://totp/", setup.GetProperty("totpURI").GetString());
        Assert.Equal(10, authenticator.BackupCodes.Distinct().Count());
        Assert.False((await JsonAsync(await bob.GetAsync("/api/auth/two-factor/status"))).GetProperty("enabled").GetBoolean());
        var wrong = await bob.VerifyTotpAsync(WrongCode(authenticator));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("INVALID_CODE", await CodeOf(wrong));
        Assert.False((await JsonAsync(await bob.GetAsync("/api/auth/two-factor/status"))).GetProperty("enabled").GetBoolean());

        var right = await bob.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal("""{"status":true,"otherSessions":0}""", await right.Content.ReadAsStringAsync());
        var status = await JsonAsync(await bob.GetAsync("/api/auth/two-factor/status"));
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(10, status.GetProperty("recoveryCodesLeft").GetInt32());
        var user = await App.UserAsync("bob@acme.test");
        var stored = await App.QueryAsync(db => db.UserTokens.Where(t => t.UserId == user.Id).Select(t => t.Value).ToListAsync());
        Assert.DoesNotContain(stored, value => authenticator.BackupCodes.Any(code => value!.Contains(code, StringComparison.OrdinalIgnoreCase)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.TwoFactorEnabled && e.TargetUserId == user.Id)));
    }

    [Fact]
    public async Task SettingUpTotpNeedsTheRightPasswordAndAFreshSession()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var wrongPassword = await bob.PostJsonAsync("/api/auth/two-factor/enable", new { password = "nope" });
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var stale = await bob.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword });

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword })).StatusCode);
    }

    [Fact]
    public async Task ACorrectPasswordAloneYieldsNoSessionAndNoCacheCookie()
    {
        await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var sessionsBefore = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync());
        var phone = App.Client("acme");

        var response = await phone.SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"twoFactorRedirect":true}""", await response.Content.ReadAsStringAsync());
        var cookie = Assert.Single(TestClient.SetCookies(response));
        Assert.Equal(TwoFactorTestExtensions.PendingCookie, cookie.Name.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.Null(cookie.Domain.Value);
        Assert.Equal(TimeSpan.FromMinutes(5), cookie.MaxAge);
        Assert.Null(phone.SessionToken);
        Assert.Null(phone.CacheCookie);
        Assert.Equal("null", await (await phone.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(sessionsBefore, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync()));
        var row = await App.QueryAsync(db => db.PendingSignIns.IgnoreQueryFilters().SingleAsync());
        Assert.DoesNotContain(Convert.ToBase64String(row.TokenHash), phone.Cookies[TwoFactorTestExtensions.PendingCookie]);
    }

    [Fact]
    public async Task TheSessionIsIssuedOnlyAfterTheTotpAndRecordsHowItWasAuthenticated()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");

        var verified = await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        var body = await JsonAsync(verified);
        Assert.Equal("bob@acme.test", body.GetProperty("user").GetProperty("email").GetString());
        Assert.NotNull(phone.SessionToken);
        Assert.False(phone.Cookies.ContainsKey(TwoFactorTestExtensions.PendingCookie));
        var id = await phone.SessionIdAsync();
        Assert.Equal(AuthenticationMethods.PasswordAndTotp, (await App.SessionRowAsync(id)).AuthenticationMethod);
        var list = await JsonAsync(await phone.GetAsync("/api/auth/list-sessions"));
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("current").GetBoolean() && s.GetProperty("authenticationMethod").GetString() == "password+totp");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("authenticationMethod").GetString() == "password");
        Assert.Equal(0, await App.QueryAsync(db => db.PendingSignIns.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task TheAuthenticatorKeyIsStoredEncryptedAndTotpSignInStillWorks()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var user = await App.UserAsync("bob@acme.test");

        var stored = await App.QueryAsync(db => db.UserTokens
            .Where(t => t.UserId == user.Id && t.LoginProvider == "[AspNetUserStore]" && t.Name == "AuthenticatorKey")
            .Select(t => t.Value).SingleAsync());
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        var verified = await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(authenticator.Secret, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.NotNull(phone.SessionToken);
    }

    [Fact]
    public async Task APendingSignInCookieWorksOnlyOnce()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        var pending = phone.Cookies[TwoFactorTestExtensions.PendingCookie];
        Assert.Equal(HttpStatusCode.OK, (await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()))).StatusCode);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var thief = App.Client("acme");
        thief.Cookies[TwoFactorTestExtensions.PendingCookie] = pending;

        var replay = await thief.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(replay));
        Assert.Null(thief.SessionToken);
        Assert.False(thief.Cookies.ContainsKey(TwoFactorTestExtensions.PendingCookie));
    }

    [Fact]
    public async Task APendingSignInCookieIsUselessOnAnotherTenant()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        var globex = App.Client("globex");
        globex.Cookies[TwoFactorTestExtensions.PendingCookie] = phone.Cookies[TwoFactorTestExtensions.PendingCookie];

        var elsewhere = await globex.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(elsewhere));
        Assert.Null(globex.SessionToken);
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.AuthenticationMethod != AuthenticationMethods.Password)));
        Assert.Equal(HttpStatusCode.OK, (await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()))).StatusCode);
    }

    [Fact]
    public async Task APendingSignInCookieExpires()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        App.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var late = await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(late));
        Assert.Null(phone.SessionToken);
    }

    [Fact]
    public async Task MalformedPendingSignInCookiesAreRefusedNeverAServerError()
    {
        foreach (var value in new[] { "", "x", "not.a.token", new string('a', 5000), "0196f3c0a0f47c8b9b3f1d2e3f4a5b6c.", "' OR 1=1 --" })
        {
            var client = App.Client("acme");
            client.Cookies[TwoFactorTestExtensions.PendingCookie] = value;

            var response = await client.VerifyTotpAsync("123456");

            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"{value[..Math.Min(20, value.Length)]}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task ATotpCodeIsAcceptedOnlyOnce()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var first = App.Client("acme");
        var second = App.Client("acme");
        await first.PasswordOnlyAsync("bob@acme.test");
        await second.PasswordOnlyAsync("bob@acme.test");
        var code = authenticator.CodeAt(App.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await first.VerifyTotpAsync(code)).StatusCode);
        var again = await second.VerifyTotpAsync(code);

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("INVALID_CODE", await CodeOf(again));
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceAndIsRecordedAsSuch()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var code = authenticator.BackupCodes[3];
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");

        var used = await phone.VerifyBackupCodeAsync(code.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(AuthenticationMethods.PasswordAndRecoveryCode, (await App.SessionRowAsync(await phone.SessionIdAsync())).AuthenticationMethod);
        var laptop = App.Client("acme");
        await laptop.PasswordOnlyAsync("bob@acme.test");
        var again = await laptop.VerifyBackupCodeAsync(code);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("INVALID_BACKUP_CODE", await CodeOf(again));
        Assert.Null(laptop.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await laptop.VerifyBackupCodeAsync(authenticator.BackupCodes[4])).StatusCode);
        Assert.Equal(8, (await JsonAsync(await phone.GetAsync("/api/auth/two-factor/status"))).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task WrongCodesLockFurtherCodesButNeverThePasswordAndARightPasswordBuysNoFreshGuesses()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var attacker = App.Client("acme");
        await attacker.PasswordOnlyAsync("bob@acme.test");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.VerifyTotpAsync(WrongCode(authenticator))).StatusCode);
        }

        await attacker.PasswordOnlyAsync("bob@acme.test");
        var fifth = await attacker.VerifyTotpAsync(WrongCode(authenticator));
        var right = await attacker.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));
        var password = await App.Client("acme").SignInAsync("bob@acme.test");

        Assert.Equal(HttpStatusCode.Unauthorized, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("ACCOUNT_LOCKED", await CodeOf(right));
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.True((await password.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twoFactorRedirect").GetBoolean());
        Assert.Null(attacker.SessionToken);
    }

    [Fact]
    public async Task APendingSignInIsThrownAwayAfterFiveWrongCodes()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        var user = await App.UserAsync("bob@acme.test");
        for (var i = 0; i < 5; i++)
        {
            await phone.VerifyTotpAsync(WrongCode(authenticator));
            await App.QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0)));
        }

        var right = await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()));

        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(right));
        Assert.Equal(0, await App.QueryAsync(db => db.PendingSignIns.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task ARightPasswordWithATwoFactorAccountNeverCountsAsAFailure()
    {
        var authenticator = await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var user = await App.UserAsync("bob@acme.test");

        for (var i = 0; i < 8; i++)
        {
            await App.Client("acme").PasswordOnlyAsync("bob@acme.test");
        }

        Assert.Equal(0, (await App.UserAsync("bob@acme.test")).AccessFailedCount);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(user.Id, (await phone.GetSessionAsync()).GetProperty("user").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task TurningTotpOffNeedsAFreshSessionAndACode()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var authenticator = await bob.EnableTotpAsync(App);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await bob.GetSessionAsync();

        var stale = await bob.PostJsonAsync("/api/auth/two-factor/disable", new { code = authenticator.CodeAt(App.Clock.GetUtcNow()) });
        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        var noCode = await bob.PostJsonAsync("/api/auth/two-factor/disable", new { code = "" });
        var withCode = await bob.PostJsonAsync("/api/auth/two-factor/disable", new { code = authenticator.CodeAt(App.Clock.GetUtcNow()) });

        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        var passwordOnly = await App.Client("acme").SignInAsync("bob@acme.test");
        Assert.True((await JsonAsync(passwordOnly)).TryGetProperty("token", out _));
        Assert.False((await App.UserAsync("bob@acme.test")).TwoFactorEnabled);
    }

    [Fact]
    public async Task NewRecoveryCodesNeedAFreshSessionAndVoidTheOldOnes()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var authenticator = await bob.EnableTotpAsync(App);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var stale = await bob.PostJsonAsync("/api/auth/two-factor/generate-backup-codes", null);
        await bob.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        var fresh = await JsonAsync(await bob.PostJsonAsync("/api/auth/two-factor/generate-backup-codes", null));

        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        var codes = fresh.GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Count);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.VerifyBackupCodeAsync(authenticator.BackupCodes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.VerifyBackupCodeAsync(codes[0])).StatusCode);
    }

    [Fact]
    public async Task TwoFactorRoutesCheckTheOrigin()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var foreign = await bob.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword }, origin: "http://globex.localhost");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("INVALID_ORIGIN", await CodeOf(foreign));
    }

    /// <summary>A six-digit code that no step of the verification window accepts right now.</summary>
    private string WrongCode(Authenticator authenticator)
    {
        var now = App.Clock.GetUtcNow();
        var valid = new[] { -30, 0, 30 }.Select(s => authenticator.CodeAt(now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !valid.Contains(c));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTwoFactorSignInTests(SqliteAppFixture app) : TwoFactorSignInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTwoFactorSignInTests(PostgresAppFixture app) : TwoFactorSignInTests(app);
