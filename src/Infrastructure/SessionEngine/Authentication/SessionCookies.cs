using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.Http;

namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

/// <summary>
/// Reads and writes the two session cookies, for <see cref="SessionAuthenticationHandler"/> only (internal: nothing
/// outside the engine can write them). Cookies are host-only (never a Domain attribute), HttpOnly,
/// SameSite=Lax, and Secure with the <c>__Host-</c> prefix over HTTPS. Reading takes only the exact name; a name
/// that appears twice is ambiguous and counts as absent.
/// </summary>
internal sealed class SessionCookies(IOptions<SessionEngineOptions> options, TimeProvider clock)
{
    private SessionEngineOptions Options => options.Value;

    public string SessionCookieName(HttpRequest request) => HostOnlyCookie.Name(request, Options.CookieName);

    public string CacheCookieName(HttpRequest request) => HostOnlyCookie.Name(request, Options.CacheCookieName);

    public string? ReadSessionToken(HttpRequest request) => HostOnlyCookie.TryRead(request, SessionCookieName(request), out var value) ? value.ToString() : null;

    /// <summary>
    /// The cache cookie's value as a span of the <c>Cookie</c> header, empty when there is none or more than one: a cache
    /// hit opens it without copying its 800-odd characters into a string first (1.6 KB per request).
    /// </summary>
    public ReadOnlySpan<char> ReadCache(HttpRequest request) => HostOnlyCookie.TryRead(request, CacheCookieName(request), out var value) ? value : default;

    public void WriteSession(HttpContext context, string token, DateTimeOffset expiresAt, bool persistent)
    {
        var cookie = Base(context.Request);
        if (persistent)
        {
            cookie.MaxAge = Positive(expiresAt - clock.GetUtcNow());
        }

        HostOnlyCookie.Write(context, SessionCookieName(context.Request), token, cookie);
    }

    /// <summary>A new sign-in or step-up: the new token, and any cache cookie of the old session dropped.</summary>
    public void WriteNewSession(HttpContext context, string token, DateTimeOffset expiresAt, bool persistent)
    {
        WriteSession(context, token, expiresAt, persistent);
        Expire(context, CacheCookieName(context.Request));
        context.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>The cache cookie, kept by the browser no longer than its sealed expiry (<paramref name="maxAge"/>, at most <c>cookieCacheMaxAge</c>).</summary>
    public void WriteCache(HttpContext context, string value, TimeSpan? maxAge = null)
    {
        var cookie = Base(context.Request);
        cookie.MaxAge = maxAge is { } age && age < Options.CookieCacheMaxAge ? age : Options.CookieCacheMaxAge;
        HostOnlyCookie.Write(context, CacheCookieName(context.Request), value, cookie);
    }

    public void Clear(HttpContext context)
    {
        Expire(context, SessionCookieName(context.Request));
        Expire(context, CacheCookieName(context.Request));
        context.Response.Headers.CacheControl = "no-store";
    }

    private static void Expire(HttpContext context, string name) => HostOnlyCookie.Expire(context, name, SameSiteMode.Lax);

    private static CookieOptions Base(HttpRequest request) => HostOnlyCookie.Options(request, SameSiteMode.Lax);

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;

}
