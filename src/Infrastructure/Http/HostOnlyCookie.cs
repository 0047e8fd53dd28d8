using Microsoft.AspNetCore.Http;

namespace TenantSessions.Infrastructure.Http;

/// <summary>
/// The one way this app reads and writes its own cookies: host-only (never a <c>Domain</c> attribute), HttpOnly, path
/// <c>/</c>, Secure with the <c>__Host-</c> prefix over HTTPS; a value is read only under its exact name, and a name
/// sent twice is ambiguous and counts as absent (a sibling host cannot plant a second one that wins). The session
/// engine's cookies and the short-lived ceremony cookies (pending sign-in, passkey state) all go through it.
/// </summary>
public static class HostOnlyCookie
{
    /// <summary><paramref name="baseName"/>, with the <c>__Host-</c> prefix over HTTPS.</summary>
    public static string Name(HttpRequest request, string baseName) => request.IsHttps ? "__Host-" + baseName : baseName;

    /// <summary>The options every such cookie is written with; a null <paramref name="maxAge"/> is a browser-session cookie.</summary>
    public static CookieOptions Options(HttpRequest request, SameSiteMode sameSite, TimeSpan? maxAge = null) => new()
    {
        HttpOnly = true,
        SameSite = sameSite,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };

    public static void Write(HttpContext context, string name, string value, CookieOptions options) =>
        context.Response.Cookies.Append(name, value, options);

    /// <summary>Tells the browser to drop the cookie (an empty value, expired at once).</summary>
    public static void Expire(HttpContext context, string name, SameSiteMode sameSite)
    {
        var cookie = Options(context.Request, sameSite, TimeSpan.Zero);
        cookie.Expires = DateTimeOffset.UnixEpoch;
        context.Response.Cookies.Append(name, "", cookie);
    }

    /// <summary>The value of the one cookie named exactly <paramref name="name"/>, or null when there is none or more than one.</summary>
    public static string? Read(HttpRequest request, string name) => TryRead(request, name, out var value) ? value.ToString() : null;

    /// <summary>
    /// The value of the one cookie named exactly <paramref name="name"/> (a span of the header); false when there is none
    /// or more than one. Walks the header as spans: splitting it allocated every cookie's text twice per request, once for
    /// each of the two session cookies read, about 5 KB on a cache hit.
    /// </summary>
    public static bool TryRead(HttpRequest request, string name, out ReadOnlySpan<char> value)
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
