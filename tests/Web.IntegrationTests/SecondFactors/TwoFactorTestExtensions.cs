using System.Net;
using System.Text.Json;
using OtpNet;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.SecondFactors;

/// <summary>An authenticator app in a test: the secret read from the <c>otpauth://</c> URI, codes computed at the fake clock's time.</summary>
public sealed record Authenticator(string Secret, IReadOnlyList<string> BackupCodes)
{
    public static Authenticator FromSetup(JsonElement setup)
    {
        var uri = new Uri(setup.GetProperty("totpURI").GetString()!);
        var secret = System.Web.HttpUtility.ParseQueryString(uri.Query)["secret"]!;
        var codes = setup.GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        return new Authenticator(secret, codes);
    }

    public string CodeAt(DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(Secret)).ComputeTotp(at.UtcDateTime);
}

public static class TwoFactorTestExtensions
{
    public const string PendingCookie = "ts_two_factor";

    /// <summary>Turns TOTP on for the person signed in on <paramref name="client"/> (set-up, then a code), as the API client of a phone app would.</summary>
    public static async Task<Authenticator> EnableTotpAsync(this TestClient client, AppFixture app)
    {
        var setup = await JsonAsync(await client.PostJsonAsync("/api/auth/two-factor/enable", new { password = TestClient.DemoPassword }));
        var authenticator = Authenticator.FromSetup(setup);
        var confirmed = await client.PostJsonAsync("/api/auth/two-factor/verify-totp", new { code = authenticator.CodeAt(app.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return authenticator;
    }

    /// <summary>Signs in with the password only and asserts the answer is the second-factor redirect.</summary>
    public static async Task<HttpResponseMessage> PasswordOnlyAsync(this TestClient client, string email)
    {
        var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(client.Cookies.GetValueOrDefault(PendingCookie));
        return response;
    }

    public static Task<HttpResponseMessage> VerifyTotpAsync(this TestClient client, string code) =>
        client.PostJsonAsync("/api/auth/two-factor/verify-totp", new { code });

    public static Task<HttpResponseMessage> VerifyBackupCodeAsync(this TestClient client, string code) =>
        client.PostJsonAsync("/api/auth/two-factor/verify-backup-code", new { code });
}
