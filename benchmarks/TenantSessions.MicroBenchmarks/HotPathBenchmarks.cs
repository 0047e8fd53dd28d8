using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Tenancy;
using TenantSessions.Infrastructure.SessionEngine.Tokens;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.MicroBenchmarks;

/// <summary>
/// The session check's hot path without HTTP: the token check, the cache-cookie read (AES-GCM open for this token and
/// tenant, JSON, binding), the whole cache-hit check (token, cookie, validity rule with the feed), and the payload
/// sealing the database path does. Time and bytes allocated per call. Run: <c>benchmarks/micro.sh</c>.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private SessionCookieCache _cache = null!;
    private SessionCookieCache _forgetful = null!;
    private RevocationList _feed = null!;
    private SessionEngineOptions _options = null!;
    private TenantInfo _tenant = null!;
    private string _token = null!;
    private PresentedToken _presented = null!;
    private string _cookie = null!;
    private SessionPayload _payload = null!;
    private DateTimeOffset _now;
    private string[] _peopleTokens = null!;
    private string[] _peopleCookies = null!;
    private int _next;

    /// <summary>Distinct people for the many-cookies benchmark (issue 26), all within the memo's bound.</summary>
    public const int People = 10_000;

    [GlobalSetup]
    public void Setup()
    {
        var ring = new CookieCacheKeyRing(null!, new EphemeralDataProtectionProvider(), TimeProvider.System, NullLogger<CookieCacheKeyRing>.Instance);
        ring.Install("0a1b2c3d", new Dictionary<string, byte[]> { ["0a1b2c3d"] = RandomNumberGenerator.GetBytes(32) });
        _cache = new SessionCookieCache(ring);
        _forgetful = new SessionCookieCache(ring, rememberOpened: false);
        _options = new SessionEngineOptions();
        _feed = new RevocationList(new NoTenants(), Options.Create(_options), TimeProvider.System);
        _now = DateTimeOffset.UtcNow;
        _tenant = new TenantInfo(Guid.CreateVersion7(), "acme", "Acme Corp", TenantStatus.Active, null, 3, new TenantSessionPolicy());

        var sessionId = Guid.CreateVersion7();
        (_token, var hash) = SessionToken.Generate(sessionId);
        _presented = SessionToken.TryParse(_token)!;
        _payload = new SessionPayload(
            sessionId, Guid.CreateVersion7(), "bob@acme.test", "Bob Builder", ["member"], _tenant.Id, _tenant.Slug, _tenant.Name, TenantStatus.Active, _tenant.Version,
            _now.AddHours(-1), _now.AddMinutes(-10), _now.AddHours(-1), _now.AddDays(7), _now.AddDays(30), true, "203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        _cookie = _cache.Write(_payload, hash, _now, _now.AddMinutes(5));

        // A feed with some entries, none against this session.
        for (var i = 0; i < 1000; i++)
        {
            _feed.Apply(new RevocationEntry(RevocationKind.Session, Guid.NewGuid(), _now.AddMinutes(-1)));
        }

        if (!CacheHitCheck())
        {
            throw new InvalidOperationException("The benchmark's cache cookie is not a cache hit.");
        }

        // 10,000 people, each with a session token and cache cookie of their own, each seen twice by the node already.
        _peopleTokens = new string[People];
        _peopleCookies = new string[People];
        for (var i = 0; i < People; i++)
        {
            var id = Guid.CreateVersion7();
            (_peopleTokens[i], var personHash) = SessionToken.Generate(id);
            _peopleCookies[i] = _cache.Write(_payload with { SessionId = id }, personHash, _now, _now.AddMinutes(5));
        }

        for (var round = 0; round < 2 * People; round++)
        {
            if (!CacheHitCheckOfManyPeople())
            {
                throw new InvalidOperationException("A person's cache cookie is not a cache hit.");
            }
        }
    }

    [Benchmark(Description = "token check (parse, SHA-256 of the verifier)")]
    public PresentedToken? TokenCheck() => SessionToken.TryParse(_token);

    [Benchmark(Description = "cache-cookie read (opened before on this node: ADR-016)")]
    public object? CacheCookieRead() => _cache.TryRead(_cookie, _presented, _tenant.Id, _now);

    [Benchmark(Description = "cache-cookie first opening (AES-GCM open, JSON, binding)")]
    public object? CacheCookieFirstOpening() => _forgetful.TryRead(_cookie, _presented, _tenant.Id, _now);

    [Benchmark(Baseline = true, Description = "cache-hit check (token + cookie + rule with feed)")]
    public bool CacheHitCheck()
    {
        var presented = SessionToken.TryParse(_token);
        var cached = _cache.TryRead(_cookie, presented!, _tenant.Id, _now);
        return cached is not null
            && SessionValidity.Decide(SessionFacts.FromCache(cached), new SessionCheck(_now, _options.TimeoutsFor(_tenant), _tenant, _feed)).Verdict == SessionVerdict.Accept;
    }

    [Benchmark(Description = "cache-hit check, 10,000 distinct people in turn (their cookies remembered: ADR-016)")]
    public bool CacheHitCheckOfManyPeople()
    {
        var i = _next;
        _next = i + 1 == People ? 0 : i + 1;
        var presented = SessionToken.TryParse(_peopleTokens[i]);
        var cached = _cache.TryRead(_peopleCookies[i], presented!, _tenant.Id, _now);
        return cached is not null
            && SessionValidity.Decide(SessionFacts.FromCache(cached), new SessionCheck(_now, _options.TimeoutsFor(_tenant), _tenant, _feed)).Verdict == SessionVerdict.Accept;
    }

    [Benchmark(Description = "payload sealing (JSON, AES-GCM seal, base64url)")]
    public string PayloadSealing() => _cache.Write(_payload, _presented.Hash, _now, _now.AddMinutes(5));

    private sealed class NoTenants : ITenantStore
    {
        public ValueTask<TenantInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken) => ValueTask.FromResult<TenantInfo?>(null);

        public ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) => ValueTask.FromResult<TenantInfo?>(null);

        public void Invalidate(Guid tenantId)
        {
        }
    }
}

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
