using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.LastSeen;
using TenantSessions.Infrastructure.Sessions;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Authentication;

/// <summary>
/// Authenticates every request from the session cookies. A cookie-cache hit (authentic, bound to this token and
/// tenant, unexpired, nothing in the revocation feed against it, tenant unchanged, no refresh due) costs no
/// database query; anything else is decided by one query in <see cref="SessionValidator"/>, which also slides the
/// expiry once per <c>updateAge</c>. Refused sessions clear both cookies and say why.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SessionCookies cookies,
    SessionCookieCache cookieCache,
    CookieCacheKeyRing keyRing,
    IRevocationFeed feed,
    ICurrentTenant currentTenant,
    IOptions<SessionEngineOptions> sessionOptions,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = cookies.ReadSessionToken(Request);
        var presented = SessionToken.TryParse(token);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var now = clock.GetUtcNow();
        var tenant = currentTenant.Tenant;
        var cacheValue = cookies.ReadCache(Request);
        var cached = cookieCache.TryRead(cacheValue, presented.Hash, tenant?.Id, now);
        if (cached is not null && cached.Payload.SessionId == presented.SessionId && IsTrustworthy(cached, now))
        {
            Context.RequestServices.GetRequiredService<LastSeenWriteBehind>().Record(cached.Payload.SessionId, now);
            return Accept(cached.Payload);
        }

        if (cached is null && cookieCache.KeyIdOf(cacheValue) is { } keyId && keyRing.ShouldReloadFor(keyId))
        {
            await keyRing.LoadAsync(Context.RequestAborted);
        }

        var validator = Context.RequestServices.GetRequiredService<SessionValidator>();
        var client = ClientInfo.Create(Context.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
        var validation = await validator.ValidateAsync(presented, tenant, client, Context.RequestAborted);
        if (validation.Payload is { } payload)
        {
            if (validation.Refreshed)
            {
                cookies.WriteSession(Context, token!, payload.ExpiresAt, payload.IsPersistent);
            }

            cookies.WriteCache(Context, cookieCache.Write(payload, presented.Hash, now, Min(now + sessionOptions.Value.CookieCacheMaxAge, payload.ExpiresAt)));
            return Accept(payload);
        }

        cookies.Clear(Context);
        if (validation.FailureCode is null)
        {
            return AuthenticateResult.NoResult();
        }

        Context.Features.Set(new SessionFeature { FailureCode = validation.FailureCode, RevokeReason = validation.RevokeReason });
        Logger.LogInformation("Session refused: {Code} ({Reason})", validation.FailureCode, validation.RevokeReason);
        return AuthenticateResult.Fail(validation.FailureCode);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<SessionFeature>();
        var code = failure?.FailureCode ?? ErrorCodes.Unauthenticated;
        if (IsApi(Request))
        {
            await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code, SessionMessages.For(code, failure?.RevokeReason, currentTenant.Tenant));
            return;
        }

        Response.Redirect(SignInRedirect.For(Request));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (IsApi(Request))
        {
            await Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You are not allowed to do that.");
            return;
        }

        Response.Redirect("/forbidden");
    }

    private bool IsTrustworthy(CachedSession cached, DateTimeOffset now)
    {
        var payload = cached.Payload;
        if (!feed.IsTrusted || feed.IsRevoked(payload.SessionId, payload.UserId, payload.TenantId, cached.IssuedAt))
        {
            return false;
        }

        if (now >= payload.ExpiresAt || SessionLifetime.IsRefreshDue(payload.UpdatedAt, now, sessionOptions.Value.TimeoutsFor(currentTenant.Tenant)))
        {
            return false;
        }

        return currentTenant.Tenant is not { } tenant || (tenant.IsActive && tenant.Version == payload.TenantVersion);
    }

    private AuthenticateResult Accept(SessionPayload payload)
    {
        Context.Features.Set(new SessionFeature { Payload = payload });
        return AuthenticateResult.Success(new AuthenticationTicket(SessionClaims.ToPrincipal(payload), Scheme.Name));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
