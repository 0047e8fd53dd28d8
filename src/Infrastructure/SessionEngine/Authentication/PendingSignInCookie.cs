using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSessions.Application.SecondFactors;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// The pending-sign-in cookie: what a correct password earns when a second factor must follow. Host-only, HttpOnly,
/// SameSite=Strict, <c>__Host-</c> + Secure over HTTPS, as short-lived as the row behind it. It is not a session: the
/// authentication handler never reads it, and only the two-factor steps accept it.
/// </summary>
public sealed class PendingSignInCookie(IOptions<SecondFactorOptions> options)
{
    public const string BaseName = "ts_two_factor";

    public static string Name(HttpRequest request) => request.IsHttps ? "__Host-" + BaseName : BaseName;

    public void Write(HttpContext context, StartedPendingSignIn pending)
    {
        context.Response.Cookies.Append(Name(context.Request), pending.Token, Options(context.Request, options.Value.PendingSignInLifetime));
        context.Response.Headers.CacheControl = "no-store";
    }

    public static void Clear(HttpContext context)
    {
        var cookie = Options(context.Request, TimeSpan.Zero);
        cookie.Expires = DateTimeOffset.UnixEpoch;
        context.Response.Cookies.Append(Name(context.Request), "", cookie);
    }

    /// <summary>The cookie's value when exactly one cookie has exactly this name; otherwise null.</summary>
    public static string? Read(HttpRequest request)
    {
        var name = Name(request);
        string? found = null;
        foreach (var header in request.Headers.Cookie)
        {
            foreach (var part in (header ?? "").Split(';'))
            {
                var pair = part.AsSpan().TrimStart(' ');
                var equals = pair.IndexOf('=');
                if (equals <= 0 || !pair[..equals].SequenceEqual(name))
                {
                    continue;
                }

                if (found is not null)
                {
                    return null;
                }

                found = pair[(equals + 1)..].TrimEnd(' ').ToString();
            }
        }

        return found;
    }

    private static CookieOptions Options(HttpRequest request, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };
}

/// <summary>
/// The passkey ceremony's state between the options request and the browser's answer (ADR-013a): HttpOnly,
/// SameSite=Strict, five minutes, expired by the step that reads it.
/// </summary>
public static class PasskeyStateCookie
{
    public const string BaseName = "ts_passkey";

    public static string Name(HttpRequest request) => request.IsHttps ? "__Host-" + BaseName : BaseName;

    public static void Write(HttpContext context, string state) =>
        context.Response.Cookies.Append(Name(context.Request), state, Options(context.Request, TimeSpan.FromMinutes(5)));

    /// <summary>The state, and the cookie expired in the same response: one ceremony per options request.</summary>
    public static string Take(HttpContext context)
    {
        var state = context.Request.Cookies[Name(context.Request)] ?? "";
        var expired = Options(context.Request, TimeSpan.Zero);
        expired.Expires = DateTimeOffset.UnixEpoch;
        context.Response.Cookies.Append(Name(context.Request), "", expired);
        return state;
    }

    private static CookieOptions Options(HttpRequest request, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };
}
