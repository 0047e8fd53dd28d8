using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.Infrastructure.SessionEngine.Diagnostics;

/// <summary>
/// What the session check does, on the <see cref="SessionMetrics.MeterName"/> meter (exported in the Prometheus text
/// format to superadmins, ADR-009): every check by path and outcome, every cache cookie that was not enough and why,
/// and whether this node trusts its revocation feed and how far behind it is. Tags have a small fixed set of values
/// (no tenant, user or session ids), so the series stay few.
/// </summary>
internal sealed class SessionEngineMetrics
{
    public const string Checks = "tenantsessions.session.checks";
    public const string CacheFallbacks = "tenantsessions.session.cache_fallbacks";
    public const string FeedTrusted = "tenantsessions.revocation_feed.trusted";
    public const string FeedLag = "tenantsessions.revocation_feed.lag";
    public const string MemoLookups = "tenantsessions.cookie_cache.memo.lookups";
    public const string MemoEntries = "tenantsessions.cookie_cache.memo.entries";

    /// <summary>The <c>path</c> tag of <see cref="Checks"/>.</summary>
    public static class Paths
    {
        public const string Anonymous = "anonymous";
        public const string Cache = "cache";
        public const string Database = "database";
    }

    /// <summary>The <c>outcome</c> tag of <see cref="Checks"/>.</summary>
    public static class Outcomes
    {
        public const string None = "none";
        public const string Accepted = "accepted";
        public const string Refused = "refused";
        public const string Unknown = "unknown";
    }

    /// <summary>The <c>reason</c> tag of <see cref="CacheFallbacks"/> for the cases <see cref="CacheFallback"/> does not name.</summary>
    public static class Reasons
    {
        /// <summary>A cache cookie was sent but did not open: another key, token, tenant, altered or past its 5 minutes.</summary>
        public const string BindingFailed = "binding_failed";

        /// <summary>Only the session cookie was sent (first request after sign-in, or the browser dropped the cache cookie).</summary>
        public const string NoCacheCookie = "no_cache_cookie";
    }

    private readonly Counter<long> _checks;
    private readonly Counter<long> _fallbacks;

    public SessionEngineMetrics(IMeterFactory meterFactory, RevocationList feed, SessionCookieCache cookies, IServiceProvider services)
    {
        var meter = meterFactory.Create(SessionMetrics.MeterName);
        _checks = meter.CreateCounter<long>(Checks, "{check}", "Session checks, by path (cache, database, anonymous) and outcome (accepted, refused, unknown, none).");
        _fallbacks = meter.CreateCounter<long>(CacheFallbacks, "{check}", "Session checks that went to the database instead of the cache cookie, by reason.");
        meter.CreateObservableGauge(FeedTrusted, () => feed.IsTrusted ? 1 : 0, null, "1 while this node trusts its revocation feed (cache hits allowed), 0 otherwise.");

        // The poller exists only in Polling mode; in-process the feed is this node's own and has no lag.
        var poller = services.GetService<RevocationFeedPoller>();
        meter.CreateObservableGauge(FeedLag, () => Lag(poller), "s", "Seconds since this node's last complete catch-up with the revocation feed (0 in-process).");

        // The memo of opened cache cookies (ADR-016): its hit rate is hits / (hits + misses).
        if (cookies.Opened is { } opened)
        {
            meter.CreateObservableCounter(MemoLookups, () => MemoLookupsOf(opened), "{lookup}", "Cache cookies looked up in this node's memo of opened values, by result (hit: not decrypted again; miss).");
            meter.CreateObservableGauge(MemoEntries, () => opened.Count, "{value}", $"Opened cache-cookie values this node remembers (at most {OpenedCacheCookies.MaxEntries}).");
        }
    }

    public void Checked(string path, string outcome)
    {
        if (_checks.Enabled)
        {
            var tags = new TagList { { "path", path }, { "outcome", outcome } };
            _checks.Add(1, tags);
        }
    }

    public void FellBack(CacheFallback why) => FellBack(ReasonOf(why));

    public void FellBack(string reason)
    {
        if (_fallbacks.Enabled)
        {
            _fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static string ReasonOf(CacheFallback why) => why switch
    {
        CacheFallback.FeedNotTrusted => "feed_not_trusted",
        CacheFallback.RevokedInFeed => "revoked_in_feed",
        CacheFallback.TenantChanged => "tenant_changed",
        CacheFallback.RefreshDue => "refresh_due",
        CacheFallback.Ended => "ended",
        _ => "none",
    };

    private static IEnumerable<Measurement<long>> MemoLookupsOf(OpenedCacheCookies opened)
    {
        var (hits, total) = opened.Lookups;
        return [new Measurement<long>(hits, new KeyValuePair<string, object?>("result", "hit")), new Measurement<long>(total - hits, new KeyValuePair<string, object?>("result", "miss"))];
    }

    private static IEnumerable<Measurement<double>> Lag(RevocationFeedPoller? poller)
    {
        if (poller is null)
        {
            return [new Measurement<double>(0)];
        }

        return poller.Lag is { } lag ? [new Measurement<double>(lag.TotalSeconds)] : [];
    }
}
