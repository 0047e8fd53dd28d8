using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Diagnostics;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.LastSeen;
using TenantSessions.Infrastructure.SessionEngine.Store;
using TenantSessions.Infrastructure.SessionEngine.Tokens;
using TenantSessions.Infrastructure.SessionEngine.Validation;

namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

/// <summary>
/// The session authentication scheme, shaped like ASP.NET Core's cookie scheme: it authenticates every request from the
/// session cookies, and it is the only code that writes them. Pages and endpoints call <c>SignInAsync</c> (a new or
/// rotated session) and <c>SignOutAsync</c>; when a command ends the caller's own session, its cookies are cleared as
/// the response starts (<see cref="CommittedSessionEnds"/> arranges that only then: an accepted request registers nothing).
/// <para>
/// Authentication: a cache cookie that opens for this token and tenant is judged by <see cref="SessionValidity"/>, and
/// accepted with no database query when the rule accepts it as it is; anything else goes to
/// <see cref="SessionValidator"/> (one query, the same rule, at most one UPDATE), which re-issues the cache cookie.
/// Refused sessions clear both cookies and say why (<see cref="SessionFeature"/>).
/// </para>
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<SessionAuthenticationOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SessionCookies cookies,
    SessionCookieCache cookieCache,
    CookieCacheKeyRing keyRing,
    IRevocationFeed feed,
    ICurrentTenant currentTenant,
    IOptions<SessionEngineOptions> sessionOptions,
    SessionEngineMetrics metrics,
    LastSeenWriteBehind lastSeen,
    TimeProvider clock)
    : SignInAuthenticationHandler<SessionAuthenticationOptions>(schemeOptions, loggerFactory, encoder)
{
    internal const string IssuedSessionParameter = "TenantSessions.IssuedSession";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = cookies.ReadSessionToken(Request);
        var presented = SessionToken.TryParse(token);
        if (presented is null)
        {
            metrics.Checked(SessionEngineMetrics.Paths.Anonymous, SessionEngineMetrics.Outcomes.None);
            return AuthenticateResult.NoResult();
        }

        var now = clock.GetUtcNow();
        var tenant = currentTenant.Tenant;
        var (cached, noCacheCookie, failedKeyId) = OpenCacheCookie(presented, tenant?.Id, now);
        if (cached is not null)
        {
            var check = new SessionCheck(now, sessionOptions.Value.TimeoutsFor(tenant), tenant, feed);
            var decision = SessionValidity.Decide(SessionFacts.FromCache(cached), check);
            if (decision.Fallback == CacheFallback.FeedNotTrusted && await feed.CatchUpAsync(Context.RequestAborted))
            {
                decision = SessionValidity.Decide(SessionFacts.FromCache(cached), check);
            }

            if (decision.Verdict == SessionVerdict.Accept)
            {
                metrics.Checked(SessionEngineMetrics.Paths.Cache, SessionEngineMetrics.Outcomes.Accepted);
                lastSeen.Record(cached.Payload.SessionId, now);
                return Accept(cached.Payload);
            }

            metrics.FellBack(decision.Fallback);
        }
        else if (noCacheCookie)
        {
            metrics.FellBack(SessionEngineMetrics.Reasons.NoCacheCookie);
        }
        else
        {
            metrics.FellBack(SessionEngineMetrics.Reasons.BindingFailed);
            if (failedKeyId is { } keyId && keyRing.ShouldReloadFor(keyId))
            {
                await keyRing.LoadAsync(Context.RequestAborted);
            }
        }

        var validator = Context.RequestServices.GetRequiredService<SessionValidator>();
        var client = ClientInfo.Create(Context.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
        var validation = await validator.ValidateAsync(presented, tenant, client, Context.RequestAborted);
        if (validation.Payload is { } payload)
        {
            metrics.Checked(SessionEngineMetrics.Paths.Database, SessionEngineMetrics.Outcomes.Accepted);
            if (validation.Refreshed)
            {
                cookies.WriteSession(Context, token!, payload.ExpiresAt, payload.IsPersistent);
            }

            var cacheExpiresAt = SessionLifetime.CacheExpiry(now, sessionOptions.Value.CookieCacheMaxAge, payload.ExpiresAt, sessionOptions.Value.TimeoutsFor(tenant));
            cookies.WriteCache(Context, cookieCache.Write(payload, presented.Hash, now, cacheExpiresAt), cacheExpiresAt - now);
            return Accept(payload);
        }

        if (validation.KeepCookies)
        {
            metrics.Checked(SessionEngineMetrics.Paths.Database, SessionEngineMetrics.Outcomes.Unknown);
            return AuthenticateResult.NoResult();
        }

        cookies.Clear(Context);
        metrics.Checked(SessionEngineMetrics.Paths.Database, validation.FailureCode is null ? SessionEngineMetrics.Outcomes.Unknown : SessionEngineMetrics.Outcomes.Refused);
        if (validation.FailureCode is null)
        {
            return AuthenticateResult.NoResult();
        }

        Context.Features.Set(new SessionFeature { FailureCode = validation.FailureCode, RevokeReason = validation.RevokeReason, RefusedSessionId = presented.SessionId });
        Logger.LogInformation("Session refused: {Code} ({Reason})", validation.FailureCode, validation.RevokeReason);
        return AuthenticateResult.Fail(validation.FailureCode);
    }

    /// <summary>
    /// Writes the session cookie of a new or rotated session (<see cref="SessionAuthentication.SignInAsync"/>) and drops any cache cookie of
    /// the old one. A rotation of the current session (step-up) also updates this request's view of it, so the rest of
    /// the request counts as fresh.
    /// </summary>
    protected override Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        var issued = properties?.GetParameter<IssuedSession>(IssuedSessionParameter)
            ?? throw new InvalidOperationException("Sign a session in with HttpContext.SignInAsync(IssuedSession).");
        cookies.WriteNewSession(Context, issued.Token, issued.Session.ExpiresAt, issued.Session.IsPersistent);
        CommittedSessionEnds.MarkCookiesWritten(Context);
        if (Context.Features.Get<SessionFeature>() is { Payload: { } payload } && payload.SessionId == issued.Session.Id)
        {
            Context.Features.Set(new SessionFeature
            {
                Payload = payload with
                {
                    AuthenticatedAt = issued.Session.AuthenticatedAt,
                    UpdatedAt = issued.Session.UpdatedAt,
                    ExpiresAt = issued.Session.ExpiresAt,
                },
            });
        }

        return Task.CompletedTask;
    }

    protected override Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        cookies.Clear(Context);
        CommittedSessionEnds.MarkCookiesWritten(Context);
        return Task.CompletedTask;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Options.OnChallenge(Context, Context.Features.Get<SessionFeature>());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Options.OnForbidden(Context);

    /// <summary>
    /// The cache cookie, opened straight from the <c>Cookie</c> header (never copied into a string): its payload, or
    /// whether there was no cache cookie at all, or the key id of one that did not open (the ring may lack a new key).
    /// </summary>
    private (CachedSession? Cached, bool NoCacheCookie, string? FailedKeyId) OpenCacheCookie(PresentedToken presented, Guid? tenantId, DateTimeOffset now)
    {
        var value = cookies.ReadCache(Request);
        if (value.IsEmpty)
        {
            return (null, true, null);
        }

        return cookieCache.TryRead(value, presented, tenantId, now) is { } cached ? (cached, false, null) : (null, false, cookieCache.KeyIdOf(value));
    }

    private AuthenticateResult Accept(SessionPayload payload)
    {
        Context.Features.Set(new SessionFeature { Payload = payload });
        return AuthenticateResult.Success(new AuthenticationTicket(SessionClaims.ToPrincipal(payload), Scheme.Name));
    }
}

/// <summary>The session scheme's options: how to answer a request that is not signed in or not allowed (set by the web layer).</summary>
public sealed class SessionAuthenticationOptions : AuthenticationSchemeOptions
{
    public Func<HttpContext, SessionFeature?, Task> OnChallenge { get; set; } = static (context, _) =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    };

    public Func<HttpContext, Task> OnForbidden { get; set; } = static context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
}
