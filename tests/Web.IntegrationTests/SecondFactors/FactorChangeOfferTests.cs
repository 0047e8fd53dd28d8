using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.SecondFactors;

/// <summary>
/// Issue 23 item 6 (ASVS 5.0 7.4.3): after a sign-in factor is added, removed or made anew, the API answer counts the
/// other sessions still signed in and the page offers to sign them out, in one button that leads to the usual
/// confirmation naming the devices.
/// </summary>
public abstract class FactorChangeOfferTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task EachFactorChangeOnTheApiCountsTheOtherSessionsAndRevokeOtherSessionsEndsThem()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "alice@acme.test");

        var setup = await JsonAsync(await laptop.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword }));
        var authenticator = Authenticator.FromSetup(setup);
        var enabled = await JsonAsync(await laptop.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow())));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var codes = await JsonAsync(await laptop.PostJsonAsync("/api/auth/two-factor/generate-backup-codes", new { password = TestClient.DemoPassword }));
        var passkeyId = await AddPasskeyAsync("bob@acme.test");
        var removed = await JsonAsync(await laptop.PostJsonAsync("/api/auth/passkey/delete-passkey", new { id = passkeyId }));
        await JsonAsync(await laptop.PostJsonAsync("/api/auth/revoke-other-sessions", null));
        var disabled = await JsonAsync(await laptop.PostJsonAsync("/api/auth/two-factor/disable", new { code = authenticator.CodeAt(App.Clock.GetUtcNow()) }));

        Assert.Equal((true, 2), (enabled.GetProperty("status").GetBoolean(), enabled.GetProperty("otherSessions").GetInt32()));
        Assert.Equal(2, codes.GetProperty("otherSessions").GetInt32());
        Assert.Equal(10, codes.GetProperty("backupCodes").GetArrayLength());
        Assert.Equal(2, removed.GetProperty("otherSessions").GetInt32());
        Assert.Equal((true, 0), (disabled.GetProperty("status").GetBoolean(), disabled.GetProperty("otherSessions").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/auth/get-session")).StatusCode);
        Assert.Equal("null", await (await phone.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TurningTotpOffOnThePageOffersToSignOutTheOtherDeviceThroughTheConfirmation()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var authenticator = await laptop.EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await phone.VerifyTotpAsync(authenticator.CodeAt(App.Clock.GetUtcNow()))).StatusCode);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var page = await laptop.PageAsync("/account/two-factor");

        var turnedOff = await laptop.SubmitAndFollowAsync(page, "[data-testid=disable-two-factor]", Form(("code", authenticator.CodeAt(App.Clock.GetUtcNow()))));
        var confirmation = await Html.ParseAsync(await laptop.SubmitAsync(turnedOff, "[data-testid=end-others-offer]"));
        var signedOut = await laptop.SubmitAndFollowAsync(confirmation, "[data-testid=confirm] form");
        var later = await laptop.PageAsync("/account/two-factor");

        Assert.Equal("Two-factor authentication is off.", turnedOff.Text("[data-testid=flash]"));
        Assert.Contains("1 other device is still signed in", turnedOff.Text("[data-testid=end-others-offer]"), StringComparison.Ordinal);
        Assert.Equal("Sign out the other device", turnedOff.Text("[data-testid=end-others]"));
        Assert.Equal("Sign out all other devices?", confirmation.Text("[data-testid=confirm] h2"));
        Assert.Contains("Ends 1 session: Firefox on Linux.", confirmation.Text("[data-testid=confirm]"), StringComparison.Ordinal);
        Assert.StartsWith("Signed out ", signedOut.Text("[data-testid=flash]"), StringComparison.Ordinal);
        Assert.Equal("null", await (await phone.GetAsync("/api/auth/get-session")).Content.ReadAsStringAsync());
        Assert.Null(later.QuerySelector("[data-testid=end-others-offer]"));
    }

    [Fact]
    public async Task WithNoOtherSessionThePageOffersNothing()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var authenticator = await laptop.EnableTotpAsync(App);
        var page = await laptop.PageAsync("/account/two-factor");

        var turnedOff = await laptop.SubmitAndFollowAsync(page, "[data-testid=disable-two-factor]", Form(("code", authenticator.CodeAt(App.Clock.GetUtcNow()))));

        Assert.Equal("Two-factor authentication is off.", turnedOff.Text("[data-testid=flash]"));
        Assert.Null(turnedOff.QuerySelector("[data-testid=end-others-offer]"));
    }

    /// <summary>A passkey row for the person; its base64url id.</summary>
    private async Task<string> AddPasskeyAsync(string email)
    {
        var credentialId = RandomNumberGenerator.GetBytes(16);
        await App.AddPasskeyAsync((await App.UserAsync(email)).Id, credentialId, "Phone");
        return Base64Url.EncodeToString(credentialId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFactorChangeOfferTests(SqliteAppFixture app) : FactorChangeOfferTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFactorChangeOfferTests(PostgresAppFixture app) : FactorChangeOfferTests(app);
