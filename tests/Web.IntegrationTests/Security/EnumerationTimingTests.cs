using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TenantSessions.Web.IntegrationTests.Security;

/// <summary>
/// The issue asks for "the same status, body and timing for known and unknown e-mails on sign-up, reset and invitation
/// acceptance". Status, body and the database work are compared exactly elsewhere (SignUpTests, PasswordResetTests,
/// InvitationTests count the database commands). This class compares the wall-clock time, which is what an attacker
/// measures. It is a security property the issue asks to test, not a performance assert: no duration is compared
/// with a fixed number, only two kinds of request with each other.
///
/// <para>How it stays reliable on a loaded two-core machine: known and unknown requests are sent in pairs, one after
/// the other in a random order, so a burst of load from elsewhere slows both members of a pair; the statistic is the
/// median of the paired differences (a burst or a GC pause moves single pairs, not the median); and the bound is
/// relative to what a real leak costs, measured in the same run: one password hash (PBKDF2 with the production
/// iteration count, which this app uses; the other test apps use a cheap one). The classic leak — hashing on one path
/// only, or returning before the lookup's work on the other — moves the median by about one hash; the test fails
/// from half a hash. A control test sends two requests that do differ by one hash (a password the rules refuse before
/// hashing, and one they accept) and checks the same statistic finds that difference, so the measurement can fail.
/// Differences much smaller than a hash (one database statement more or less) are not what this measures: the
/// command-count tests pin those exactly.</para>
/// </summary>
public abstract class EnumerationTimingTests(AppFixture app, ITestOutputHelper output) : IntegrationTest(app)
{
    private const string Password = "Sup3r-secret!";
    private const int Pairs = 31;
    private const int WarmUp = 3;

    [Fact]
    public async Task SignUpTakesAsLongForAKnownAsForANewAddress()
    {
        var known = new[] { "alice@acme.test", "bob@acme.test" };
        var result = await MeasureAsync(
            i => SignUp(known[i % known.Length]),
            i => SignUp($"new.{i}@acme.test"),
            "sign-up");

        AssertNoLeak(result);
    }

    [Fact]
    public async Task APasswordResetRequestTakesAsLongForAKnownAsForAnUnknownAddress()
    {
        var result = await MeasureAsync(
            _ => Post("/api/auth/request-password-reset", new { email = "bob@acme.test", redirectTo = "/reset-password" }),
            i => Post("/api/auth/request-password-reset", new { email = $"nobody.{i}@acme.test", redirectTo = "/reset-password" }),
            "request-password-reset");

        AssertNoLeak(result);
    }

    [Fact]
    public async Task AcceptingAnInvitationForAnAddressWithAnAccountTakesAsLongAsABadLink()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = "gina@acme.test", role = "Member" });
        var token = (await App.SingleMailToAsync("gina@acme.test")).SingleLinkPath().Split("token=")[1];
        await App.SignUpVerifiedAsync(App.Client("acme"), "Gina", "gina@acme.test", Password);

        var result = await MeasureAsync(
            _ => Post("/api/auth/accept-invitation", new { token, name = "Gina", password = Password }),
            i => Post("/api/auth/accept-invitation", new { token = $"bogus-token-value-{i}", name = "Gina", password = Password }),
            "accept-invitation");

        AssertNoLeak(result);
    }

    [Fact]
    public async Task TheMeasurementFindsADifferenceOfOnePasswordHash()
    {
        // A refused password is answered before any hashing; an accepted one is hashed. Not a leak (the password is
        // the caller's own), but exactly the size of the leak the other tests look for.
        var result = await MeasureAsync(
            i => Post("/api/auth/sign-up/email", new { name = "Erin", email = $"erin.{i}@acme.test", password = Password }),
            i => Post("/api/auth/sign-up/email", new { name = "Erin", email = $"erin.{i}@acme.test", password = "short" }),
            "sign-up, accepted vs refused password",
            sameAnswer: false);

        Assert.True(result.Shift > result.Bound, $"The measurement did not see one password hash: {result}");
    }

    private Func<Task<(HttpStatusCode, string)>> SignUp(string email) =>
        Post("/api/auth/sign-up/email", new { name = "Someone", email, password = Password });

    private Func<Task<(HttpStatusCode, string)>> Post(string path, object body) => async () =>
    {
        var response = await App.Client("acme").PostJsonAsync(path, body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    };

    /// <summary>
    /// Sends <see cref="Pairs"/> pairs of requests (after a warm-up), each pair in a random order, and measures one
    /// password hash after each pair. Both kinds must also get the same status and body every time.
    /// </summary>
    private async Task<Measurement> MeasureAsync(Func<int, Func<Task<(HttpStatusCode, string)>>> known, Func<int, Func<Task<(HttpStatusCode, string)>>> unknown, string what, bool sameAnswer = true)
    {
        var hasher = App.Services.GetRequiredService<IPasswordHasher<ApplicationUser>>();
        var decoy = new ApplicationUser { UserName = "timing" };
        var random = new Random(13);
        var differences = new List<double>();
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        var hashes = new List<double>();
        for (var i = 0; i < WarmUp + Pairs; i++)
        {
            // The per-address limits (3 messages an hour) would otherwise make later requests do less work.
            App.Clock.Advance(TimeSpan.FromHours(1));
            var knownFirst = random.Next(2) == 0;
            var (firstTime, firstAnswer) = await TimeAsync(knownFirst ? known(i) : unknown(i));
            var (secondTime, secondAnswer) = await TimeAsync(knownFirst ? unknown(i) : known(i));
            if (sameAnswer)
            {
                Assert.Equal(firstAnswer, secondAnswer);
            }
            var hashTime = Stopwatch.StartNew();
            hasher.HashPassword(decoy, Password);
            var hash = hashTime.Elapsed.TotalMilliseconds;
            if (i < WarmUp)
            {
                continue;
            }

            var (k, u) = knownFirst ? (firstTime, secondTime) : (secondTime, firstTime);
            knownTimes.Add(k);
            unknownTimes.Add(u);
            differences.Add(k - u);
            hashes.Add(hash);
        }

        var measurement = new Measurement(what, Median(differences), Median(hashes), Median(knownTimes), Median(unknownTimes), Superiority(knownTimes, unknownTimes));
        output.WriteLine(measurement.ToString());
        return measurement;
    }

    private static async Task<(double Milliseconds, (HttpStatusCode, string) Answer)> TimeAsync(Func<Task<(HttpStatusCode, string)>> request)
    {
        var watch = Stopwatch.StartNew();
        var answer = await request();
        return (watch.Elapsed.TotalMilliseconds, answer);
    }

    private static void AssertNoLeak(Measurement result) =>
        Assert.True(Math.Abs(result.Shift) < result.Bound, $"Known and unknown addresses take measurably different times: {result}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Mann–Whitney's common-language effect size: how often a known request took longer than an unknown one (0.5: no difference).</summary>
    private static double Superiority(List<double> a, List<double> b) =>
        a.Sum(x => b.Sum(y => x > y ? 1.0 : x == y ? 0.5 : 0.0)) / (a.Count * b.Count);

    private sealed record Measurement(string What, double Shift, double HashCost, double KnownMedian, double UnknownMedian, double KnownSlowerProbability)
    {
        /// <summary>Half of one password hash: a leak of one hash is twice this.</summary>
        public double Bound => HashCost / 2;

        public override string ToString() =>
            $"{What}: median paired difference {Shift:F2} ms (bound {Bound:F2} ms = half of one password hash, {HashCost:F2} ms); " +
            $"medians known {KnownMedian:F2} ms, unknown {UnknownMedian:F2} ms; P(known slower) {KnownSlowerProbability:F2}";
    }
}

/// <summary>The app with the production password-hashing cost, which is what makes a hashing leak visible.</summary>
public sealed class SqliteTimingAppFixture : SqliteAppFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = new PasswordHasherOptions().IterationCount));
    }
}

public sealed class PostgresTimingAppFixture : PostgresAppFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = new PasswordHasherOptions().IterationCount));
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteTimingCollection : ICollectionFixture<SqliteTimingAppFixture>
{
    public const string Name = "SQLite app, production hashing";
}

[CollectionDefinition(Name)]
public sealed class PostgresTimingCollection : ICollectionFixture<PostgresTimingAppFixture>
{
    public const string Name = "PostgreSQL app, production hashing";
}

[Collection(SqliteTimingCollection.Name)]
public sealed class SqliteEnumerationTimingTests(SqliteTimingAppFixture app, ITestOutputHelper output) : EnumerationTimingTests(app, output);

[Collection(PostgresTimingCollection.Name)]
public sealed class PostgresEnumerationTimingTests(PostgresTimingAppFixture app, ITestOutputHelper output) : EnumerationTimingTests(app, output);
