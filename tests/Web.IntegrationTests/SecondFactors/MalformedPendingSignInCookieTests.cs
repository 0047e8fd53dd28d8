using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.SecondFactors;

/// <summary>
/// A pending-sign-in cookie that is not something we could have issued (the red team's <c>…000.!</c>) is no pending
/// sign-in: the page sends the person back to sign-in, the API answers INVALID_TWO_FACTOR_COOKIE, nothing throws.
/// </summary>
public abstract class MalformedPendingSignInCookieTests(AppFixture app) : IntegrationTest(app)
{
    private const string Malformed = "019ac3f27b1e7c4d9a553f0e2d1c4000.!";

    public static TheoryData<string> MalformedValues => new()
    {
        Malformed,
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a000.!",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.AAAA!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "019ac3f27b1e7c4d9a553f0e2d1c4b6a.A",
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public async Task TheTwoFactorPageSendsAMalformedCookieBackToSignIn(string value)
    {
        var phone = App.Client("acme");
        phone.Cookies[TwoFactorTestExtensions.PendingCookie] = value;
        App.Logs.Clear();

        var response = await phone.GetAsync("/sign-in/two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?reason=INVALID_TWO_FACTOR_COOKIE", response.Location());
        Assert.False(phone.Cookies.ContainsKey(TwoFactorTestExtensions.PendingCookie));
        AssertNoExceptionLogged();
    }

    [Fact]
    public async Task TheTwoFactorFormSendsAMalformedCookieBackToSignIn()
    {
        await (await App.SignedInAsync("acme", "bob@acme.test")).EnableTotpAsync(App);
        var phone = App.Client("acme");
        await phone.PasswordOnlyAsync("bob@acme.test");
        var page = await phone.PageAsync("/sign-in/two-factor");
        phone.Cookies[TwoFactorTestExtensions.PendingCookie] = Malformed;
        App.Logs.Clear();

        var response = await Html.SubmitAsync(phone, page, "form", PageTestExtensions.Form(("Code", "123456")), "/sign-in/two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?reason=INVALID_TWO_FACTOR_COOKIE", response.Location());
        Assert.Null(phone.SessionToken);
        AssertNoExceptionLogged();
    }

    [Theory]
    [InlineData("/api/auth/two-factor/verify-totp", "123456")]
    [InlineData("/api/auth/two-factor/verify-backup-code", "ABCDE-12345")]
    public async Task TheTwoFactorApiRefusesAMalformedCookie(string path, string code)
    {
        var phone = App.Client("acme");
        phone.Cookies[TwoFactorTestExtensions.PendingCookie] = Malformed;
        App.Logs.Clear();

        var response = await phone.PostJsonAsync(path, new { code });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(response));
        AssertNoExceptionLogged();
    }

    [Fact]
    public async Task EnrolmentThroughTheApiRefusesAMalformedCookie()
    {
        var phone = App.Client("acme");
        phone.Cookies[TwoFactorTestExtensions.PendingCookie] = Malformed;
        App.Logs.Clear();

        var response = await phone.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_TWO_FACTOR_COOKIE", await CodeOf(response));
        AssertNoExceptionLogged();
    }

    private void AssertNoExceptionLogged() =>
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMalformedPendingSignInCookieTests(SqliteAppFixture app) : MalformedPendingSignInCookieTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMalformedPendingSignInCookieTests(PostgresAppFixture app) : MalformedPendingSignInCookieTests(app);
