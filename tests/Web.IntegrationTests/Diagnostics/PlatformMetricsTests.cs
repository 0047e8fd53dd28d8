using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Diagnostics;

/// <summary>
/// <c>GET /platform/metrics</c> (ADR-009): the Prometheus text of the session engine's meter, for superadmins on the
/// platform host only. Each test reads the endpoint before and after some requests and checks the counters moved.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class PlatformMetricsTests(MetricsAppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ACacheHitIsCountedAndCostsNoDatabaseCommand()
    {
        var root = await SuperadminAsync();
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        await bob.GetSessionAsync();
        var before = await ScrapeAsync(root);

        var session = await bob.GetSessionAsync();
        var after = await ScrapeAsync(root);

        Assert.Equal("bob@acme.test", session.GetProperty("user").GetProperty("email").GetString());
        // bob's request and the superadmin's second scrape are both cache hits.
        Assert.Equal(2, Delta(before, after, "tenantsessions_session_checks_total", ("path", "cache"), ("outcome", "accepted")));
        Assert.Equal(0, Delta(before, after, "tenantsessions_session_checks_total", ("path", "database")));
        Assert.Equal(0, Delta(before, after, "tenantsessions_db_commands_total", ("source", "app")));
    }

    /// <summary>Issue 26: the memo of opened cache cookies (ADR-016) exports its hits and misses, so its hit rate can be read.</summary>
    [Fact]
    public async Task TheMemoOfOpenedCacheCookiesCountsItsHitsAndMisses()
    {
        var root = await SuperadminAsync();
        await ScrapeAsync(root); // the superadmin's cache cookie opened and remembered
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        await bob.GetSessionAsync(); // the database path; a cache cookie is issued
        var before = await ScrapeAsync(root); // a memo hit

        await bob.GetSessionAsync(); // bob's cache cookie opened for the first time here: a miss
        await bob.GetSessionAsync(); // and then remembered: a hit
        var after = await ScrapeAsync(root); // a hit

        Assert.Equal(2, Delta(before, after, "tenantsessions_cookie_cache_memo_lookups_total", ("result", "hit")));
        Assert.Equal(1, Delta(before, after, "tenantsessions_cookie_cache_memo_lookups_total", ("result", "miss")));
        Assert.True(Sum(after, "tenantsessions_cookie_cache_memo_entries") >= 2);
    }

    [Fact]
    public async Task TheDatabasePathAndWhyTheCacheWasNotEnoughAreCounted()
    {
        var root = await SuperadminAsync();
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        var before = await ScrapeAsync(root);

        await bob.GetSessionAsync(); // only the session cookie: the database, then a cache cookie
        bob.Cookies["ts_session_cache"] = bob.CacheCookie![..^4] + "AAAA"; // altered: does not open
        await bob.GetSessionAsync();
        var after = await ScrapeAsync(root);

        Assert.Equal(2, Delta(before, after, "tenantsessions_session_checks_total", ("path", "database"), ("outcome", "accepted")));
        Assert.Equal(1, Delta(before, after, "tenantsessions_session_cache_fallbacks_total", ("reason", "no_cache_cookie")));
        Assert.Equal(1, Delta(before, after, "tenantsessions_session_cache_fallbacks_total", ("reason", "binding_failed")));
        Assert.True(Delta(before, after, "tenantsessions_db_commands_total", ("source", "app")) >= 2);
    }

    [Fact]
    public async Task ARevokedSessionIsCountedAsRefusedWithTheFeedAsTheReason()
    {
        var root = await SuperadminAsync();
        var bob = App.Client("acme");
        await bob.SignInOkAsync("bob@acme.test");
        await bob.GetSessionAsync();
        var other = App.Client("acme");
        await other.SignInOkAsync("bob@acme.test");
        var before = await ScrapeAsync(root);

        var revoke = await other.PostJsonAsync("/api/auth/revoke-other-sessions", null);
        var refused = await bob.GetAsync("/api/auth/get-session");
        var after = await ScrapeAsync(root);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("null", await refused.Content.ReadAsStringAsync());
        Assert.Equal("SESSION_REVOKED", Assert.Single(refused.Headers.GetValues("X-Session-Ended")));
        Assert.Equal(1, Delta(before, after, "tenantsessions_session_cache_fallbacks_total", ("reason", "revoked_in_feed")));
        Assert.Equal(1, Delta(before, after, "tenantsessions_session_checks_total", ("path", "database"), ("outcome", "refused")));
    }

    [Fact]
    public async Task AnonymousChecksSignInFailuresAndFeedTrustAreExported()
    {
        var root = await SuperadminAsync();
        var visitor = App.Client("acme");
        var before = await ScrapeAsync(root);

        await visitor.GetAsync("/api/auth/get-session");
        var wrong = await visitor.SignInAsync("bob@acme.test", "not the password");
        var after = await ScrapeAsync(root);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.True(Delta(before, after, "tenantsessions_session_checks_total", ("path", "anonymous")) >= 2);
        Assert.Equal(1, Delta(before, after, "tenantsessions_sign_in_failures_total", ("code", "INVALID_EMAIL_OR_PASSWORD")));
        Assert.Equal(1, Sum(after, "tenantsessions_revocation_feed_trusted"));
        Assert.Equal(0, Sum(after, "tenantsessions_revocation_feed_lag_seconds"));
    }

    /// <summary>The runtime's own meter is exported too: the HTTP benchmark waits on its JIT counter before it measures.</summary>
    [Fact]
    public async Task TheRuntimesOwnMetricsAreExported()
    {
        var root = await SuperadminAsync();

        var text = await ScrapeAsync(root);

        Assert.True(Sum(text, "dotnet_jit_compiled_methods_total") > 0, "no JIT counter");
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_thread_pool_thread_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyASuperadminOnThePlatformHostMayReadTheMetrics()
    {
        var anonymous = App.PlatformClient();
        var admin = App.Client("acme");
        await admin.SignInOkAsync("alice@acme.test");

        var fromAnonymous = await anonymous.GetAsync(PlatformMetricsPath);
        var fromTenantAdmin = await admin.GetAsync(PlatformMetricsPath);

        Assert.NotEqual(HttpStatusCode.OK, fromAnonymous.StatusCode);
        Assert.DoesNotContain("tenantsessions_", await fromAnonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, fromTenantAdmin.StatusCode);
        Assert.DoesNotContain("tenantsessions_", await fromTenantAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Issue 20, finding 5: a scrape is kept by no cache.</summary>
    [Fact]
    public async Task TheMetricsAreNeverStoredByACache()
    {
        var root = App.PlatformClient();
        await root.SignInOkAsync("root@platform.test");

        var response = await root.GetAsync(PlatformMetricsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    private const string PlatformMetricsPath = "/platform/metrics";

    private async Task<TestClient> SuperadminAsync()
    {
        var root = App.PlatformClient();
        await root.SignInOkAsync("root@platform.test");
        await ScrapeAsync(root); // the database path once; from now on the superadmin's scrapes are cache hits
        return root;
    }

    private static async Task<string> ScrapeAsync(TestClient client)
    {
        var response = await client.GetAsync(PlatformMetricsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Delta(string before, string after, string name, params (string Label, string Value)[] labels) =>
        Sum(after, name, labels) - Sum(before, name, labels);

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sum(string exposition, string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (Match sample in Sample().Matches(exposition))
        {
            if (sample.Groups["name"].Value != name)
            {
                continue;
            }

            var set = sample.Groups["labels"].Value;
            if (labels.All(l => set.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                total += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

/// <summary>
/// OpenTelemetry listens to meters by name across the whole process, so every app a test run hosts counts into every
/// scrape. The metrics tests therefore run on their own app, alone (after the parallel collections), where the deltas
/// they read are this app's only.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<MetricsAppFixture>
{
    public const string Name = "Metrics app (alone)";
}

public sealed class MetricsAppFixture : SqliteAppFixture;
