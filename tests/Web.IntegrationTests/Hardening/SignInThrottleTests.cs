using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Findings 4 and 5 of issue 11, docs/security-requirements.md cases 19 and 24: wrong passwords slow the guesser down (per address and
/// account, then per account with a much larger budget) with doubling waits; nobody can lock an account; known and
/// unknown e-mails are throttled and answered alike; a correct password never counts as a failure, even in parallel.
/// </summary>
public abstract class SignInThrottleTests(AppFixture app) : IntegrationTest(app)
{
    private const string Wrong = "not-the-password";

    private TestClient At(string address, string slug = "acme") => new(App, $"{slug}.localhost") { Address = address };

    [Fact]
    public async Task AnAttackerAtOneAddressCannotLockOutTheOwnerAtAnother()
    {
        var attacker = At("203.0.113.66");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await attacker.SignInAsync("bob@acme.test", Wrong)).StatusCode);
        }

        var owner = await At("198.51.100.7").SignInAsync("bob@acme.test");

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        var bob = await App.UserAsync("bob@acme.test");
        Assert.Null(bob.LockoutEnd);
        Assert.Equal(0, bob.AccessFailedCount);
    }

    [Fact]
    public async Task AKnownAndAnUnknownEmailGetTheSameAnswersAndTheSameThrottle()
    {
        var known = await AnswersAsync(At("203.0.113.1"), "bob@acme.test");
        var unknown = await AnswersAsync(At("203.0.113.1"), "nobody@acme.test");

        Assert.Equal(known, unknown);
        Assert.StartsWith("401 INVALID_EMAIL_OR_PASSWORD", known[4], StringComparison.Ordinal);
        Assert.StartsWith("429 TOO_MANY_REQUESTS", known[5], StringComparison.Ordinal);
        Assert.Equal("after the wait: 401 INVALID_EMAIL_OR_PASSWORD", known[^1]);
    }

    [Fact]
    public async Task TheWaitDoublesWithEveryFurtherFailureAndACorrectPasswordAfterItResetsTheCount()
    {
        var client = At("203.0.113.2");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("bob@acme.test", Wrong)).StatusCode);
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var refused = await client.SignInAsync("bob@acme.test", Wrong);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            waits.Add(refused.Headers.RetryAfter!.Delta!.Value);
            App.Clock.Advance(waits[^1]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("bob@acme.test", Wrong)).StatusCode);
        }

        var rightButEarly = await client.SignInAsync("bob@acme.test");
        App.Clock.Advance(rightButEarly.Headers.RetryAfter!.Delta!.Value);
        var rightInTime = await client.SignInAsync("bob@acme.test");
        var wrongAgain = await client.SignInAsync("bob@acme.test", Wrong);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightButEarly.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(16), rightButEarly.Headers.RetryAfter.Delta);
        Assert.Equal(HttpStatusCode.OK, rightInTime.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode);
    }

    [Fact]
    public async Task TheAccountCeilingSlowsAGuessFromManyAddressesAndIsFarAboveThePerAddressBudget()
    {
        for (var address = 1; address <= 20; address++)
        {
            var client = At($"192.0.2.{address}");
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("bob@acme.test", Wrong)).StatusCode);
            }
        }

        var fromANewAddress = await At("192.0.2.200").SignInAsync("bob@acme.test", Wrong);
        var anotherAccount = await At("192.0.2.200").SignInAsync("alice@acme.test");

        Assert.Equal(HttpStatusCode.TooManyRequests, fromANewAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anotherAccount.StatusCode);
        App.Clock.Advance(fromANewAddress.Headers.RetryAfter!.Delta!.Value);
        Assert.Equal(HttpStatusCode.OK, (await At("192.0.2.201").SignInAsync("bob@acme.test")).StatusCode);
    }

    [Fact]
    public async Task ParallelCorrectSignInsAllSucceedAndNothingCountsAsAFailure()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => At("203.0.113.3").SignInAsync("bob@acme.test")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bob = await App.UserAsync("bob@acme.test");
        Assert.Null(bob.LockoutEnd);
        Assert.Equal(0, bob.AccessFailedCount);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await At("203.0.113.3").SignInAsync("bob@acme.test", Wrong)).StatusCode);
        }
    }

    [Fact]
    public async Task ParallelSignInsAgainstADeviceCapOfOneGiveOneSessionAndOnlyConflicts()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var policy = await alice.PutJsonAsync("/api/auth/admin/session-policy", new { maxConcurrentSessions = 1, concurrentSessionAction = "refuseNew" });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => At("203.0.113.4").SignInAsync("bob@acme.test")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Null((await App.UserAsync("bob@acme.test")).LockoutEnd);
    }

    [Fact]
    public async Task AParallelBurstOfWrongPasswordsDoesNotSlipPastTheThrottle()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => At("203.0.113.5").SignInAsync("bob@acme.test", Wrong)));
        var rightFromTheSameAddress = await At("203.0.113.5").SignInAsync("bob@acme.test");
        var rightFromElsewhere = await At("198.51.100.9").SignInAsync("bob@acme.test");

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightFromTheSameAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightFromElsewhere.StatusCode);
    }

    [Fact]
    public async Task TheSameEmailAtAnotherWorkspaceHasItsOwnBudget()
    {
        for (var i = 0; i < 6; i++)
        {
            await At("203.0.113.6").SignInAsync("carol@globex.test", Wrong);
        }

        var atGlobex = await At("203.0.113.6", "globex").SignInAsync("carol@globex.test");

        Assert.Equal(HttpStatusCode.OK, atGlobex.StatusCode);
    }

    /// <summary>Status, code, message and Retry-After of 8 wrong attempts, then one after the last wait has passed.</summary>
    private async Task<List<string>> AnswersAsync(TestClient client, string email)
    {
        var answers = new List<string>();
        TimeSpan? lastWait = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await client.SignInAsync(email, Wrong);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            lastWait = response.Headers.RetryAfter?.Delta;
            answers.Add($"{(int)response.StatusCode} {problem.GetProperty("code").GetString()} {problem.GetProperty("detail").GetString()} {lastWait} {response.Headers.Contains("Set-Cookie")}");
        }

        App.Clock.Advance(lastWait ?? TimeSpan.Zero);
        var after = await client.SignInAsync(email, Wrong);
        answers.Add($"after the wait: {(int)after.StatusCode} {await CodeOf(after)}");
        return answers;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSignInThrottleTests(SqliteAppFixture app) : SignInThrottleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSignInThrottleTests(PostgresAppFixture app) : SignInThrottleTests(app);
