using System.Diagnostics.Metrics;

namespace TenantSessions.Application.Sessions;

/// <summary>The <c>TenantSessions</c> meter: what the session engine does, per tenant.</summary>
public sealed class SessionMetrics
{
    public const string MeterName = "TenantSessions";
    public const string SessionsPurged = "tenantsessions.sessions.purged";
    public const string FeedEntriesPurged = "tenantsessions.revocation_feed.purged";
    public const string SignInFailures = "tenantsessions.sign_in.failures";
    public const string PlatformTag = "platform";

    private readonly Counter<long> _sessionsPurged;
    private readonly Counter<long> _feedEntriesPurged;
    private readonly Counter<long> _signInFailures;

    public SessionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _sessionsPurged = meter.CreateCounter<long>(SessionsPurged, "{session}", "Session rows deleted by the purge job, per tenant and kind (expired, revoked).");
        _feedEntriesPurged = meter.CreateCounter<long>(FeedEntriesPurged, "{entry}", "Revocation feed rows deleted by the purge job.");
        _signInFailures = meter.CreateCounter<long>(SignInFailures, "{attempt}", "Refused sign-ins, by error code (INVALID_EMAIL_OR_PASSWORD, ACCOUNT_LOCKED, TENANT_SUSPENDED, ...).");
    }

    public void RecordSessionsPurged(Guid? tenantId, string kind, long count) =>
        _sessionsPurged.Add(count, new KeyValuePair<string, object?>("tenant", tenantId?.ToString() ?? PlatformTag), new KeyValuePair<string, object?>("kind", kind));

    public void RecordFeedEntriesPurged(long count) => _feedEntriesPurged.Add(count);

    public void RecordSignInFailure(string code) => _signInFailures.Add(1, new KeyValuePair<string, object?>("code", code));
}
