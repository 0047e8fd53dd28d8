using System.Text;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>docs/security-requirements.md case 25: the cache cookie carries no readable personal data, however it is decoded.</summary>
public abstract class CacheCookiePrivacyTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheCacheCookieRevealsNoEmailNameAddressOrUserAgentWhenDecoded()
    {
        var bob = App.Client("acme");
        bob.Address = "198.51.100.77";
        bob.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) PrivacyProbe/1.0";
        await bob.SignInOkAsync("bob@acme.test");
        await bob.GetSessionAsync();
        var cookie = bob.CacheCookie;
        Assert.NotNull(cookie);

        var readings = new List<string> { cookie!, Uri.UnescapeDataString(cookie!) };
        foreach (var part in cookie!.Split('.', '|', ':'))
        {
            var bytes = TryBase64Url(part);
            if (bytes is not null)
            {
                readings.Add(Encoding.UTF8.GetString(bytes));
                readings.Add(Encoding.Latin1.GetString(bytes));
            }
        }

        foreach (var secret in new[] { "bob@acme.test", "Bob Member", "198.51.100.77", "PrivacyProbe" })
        {
            Assert.All(readings, reading => Assert.DoesNotContain(secret, reading, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static byte[]? TryBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCacheCookiePrivacyTests(SqliteAppFixture app) : CacheCookiePrivacyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCacheCookiePrivacyTests(PostgresAppFixture app) : CacheCookiePrivacyTests(app);
