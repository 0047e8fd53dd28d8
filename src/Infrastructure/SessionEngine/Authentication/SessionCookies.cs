using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// Reads and writes the two session cookies, for <see cref="SessionAuthenticationHandler"/> only (internal: nothing
/// outside the engine can write them). Cookies are host-only (never a Domain attribute), HttpOnly,
/// SameSite=Lax, and Secure with the <c>__Host-</c> prefix over HTTPS. Reading takes only the exact name; a name
/// that appears twice is ambiguous and counts as absent.
/// </summary>
internal sealed class SessionCookies(IOptions<SessionEngineOptions> options, TimeProvider clock)
{
    private SessionEngineOptions Options => options.Value;

    public string SessionCookieName(HttpRequest request) => Name(request, Options.CookieName);

    public string CacheCookieName(HttpRequest request) => Name(request, Options.CacheCookieName);

    public string? ReadSessionToken(HttpRequest request) => ReadExact(request, SessionCookieName(request), out var value) ? value.ToString() : null;

    /// <summary>
    /// The cache cookie's value as a span of the <c>Cookie</c> header, empty when there is none or more than one: a cache
    /// hit opens it without copying its 800-odd characters into a string first (1.6 KB per request).
    /// </summary>
    public ReadOnlySpan<char> ReadCache(HttpRequest request) => ReadExact(request, CacheCookieName(request), out var value) ? value : default;

    public void WriteSession(HttpContext context, string token, DateTimeOffset expiresAt, bool persistent)
    {
        var cookie = Base(context.Request);
        if (persistent)
        {
            cookie.MaxAge = Positive(expiresAt - clock.GetUtcNow());
        }

        context.Response.Cookies.Append(SessionCookieName(context.Request), token, cookie);
    }

    /// <summary>A new sign-in or step-up: the new token, and any cache cookie of the old session dropped.</summary>
    public void WriteNewSession(HttpContext context, string token, DateTimeOffset expiresAt, bool persistent)
    {
        WriteSession(context, token, expiresAt, persistent);
        Expire(context, CacheCookieName(context.Request));
        context.Response.Headers.CacheControl = "no-store";
    }

    public void WriteCache(HttpContext context, string value)
    {
        var cookie = Base(context.Request);
        cookie.MaxAge = Options.CookieCacheMaxAge;
        context.Response.Cookies.Append(CacheCookieName(context.Request), value, cookie);
    }

    public void Clear(HttpContext context)
    {
        Expire(context, SessionCookieName(context.Request));
        Expire(context, CacheCookieName(context.Request));
        context.Response.Headers.CacheControl = "no-store";
    }

    private static void Expire(HttpContext context, string name)
    {
        var cookie = Base(context.Request);
        cookie.Expires = DateTimeOffset.UnixEpoch;
        cookie.MaxAge = TimeSpan.Zero;
        context.Response.Cookies.Append(name, "", cookie);
    }

    private static CookieOptions Base(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;

    private static string Name(HttpRequest request, string baseName) => request.IsHttps ? "__Host-" + baseName : baseName;

    /// <summary>
    /// The value of the one cookie named exactly <paramref name="name"/> (a span of the header); false when there is none
    /// or more than one. Walks the header as spans: splitting it allocated every cookie's text twice per request, once for
    /// each of the two cookies read, about 5 KB on a cache hit.
    /// </summary>
    private static bool ReadExact(HttpRequest request, string name, out ReadOnlySpan<char> value)
    {
        var found = false;
        value = default;
        foreach (var header in request.Headers.Cookie)
        {
            if (header is null)
            {
                continue;
            }

            var text = header.AsSpan();
            foreach (var range in text.Split(';'))
            {
                var pair = text[range].TrimStart(' ');
                var equals = pair.IndexOf('=');
                if (equals <= 0 || !pair[..equals].SequenceEqual(name))
                {
                    continue;
                }

                if (found)
                {
                    value = default;
                    return false;
                }

                found = true;
                value = pair[(equals + 1)..].TrimEnd(' ');
            }
        }

        return found;
    }
}
