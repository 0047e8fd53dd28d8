using Microsoft.EntityFrameworkCore;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Sessions;

public abstract class SecretHygieneTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TokensNeverReachTheLogsOrTheDatabase()
    {
        App.Logs.Clear();
        var acme = App.Client("acme");
        await acme.SignInOkAsync("alice@acme.test");
        await acme.GetSessionAsync();
        var token = acme.SessionToken!;
        var cacheMac = acme.CacheCookie!.Split('.')[1];
        await acme.PostJsonAsync("/api/auth/sign-out", null);
        var replay = App.Client("acme");
        replay.Cookies["ts_session"] = token;
        await replay.GetAsync("/api/auth/get-session");
        await App.Client("acme").SignInAsync("alice@acme.test", "wrong-password");

        Assert.NotEmpty(App.Logs.Lines);
        Assert.Contains(App.Logs.Lines, l => l.Contains("signed in", StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(cacheMac, StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("Passw0rd!", StringComparison.Ordinal) || l.Contains("wrong-password", StringComparison.Ordinal));
        var stored = await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Select(s => new { s.TokenHash, s.UserAgent, s.IpAddress, s.DeviceLabel }).ToListAsync());
        var verifier = token.Split('.')[1];
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(verifier, StringComparison.Ordinal));
        var expectedHash = System.Security.Cryptography.SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(verifier));
        Assert.Contains(stored, s => s.TokenHash.SequenceEqual(expectedHash));
        Assert.DoesNotContain(stored, s => $"{s.UserAgent}|{s.IpAddress}|{s.DeviceLabel}".Contains(verifier, StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSecretHygieneTests(SqliteAppFixture app) : SecretHygieneTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSecretHygieneTests(PostgresAppFixture app) : SecretHygieneTests(app);
