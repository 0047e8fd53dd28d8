using Microsoft.Extensions.Options;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Infrastructure.Http;

namespace TenantSessions.Web.Authentication;

/// <summary>
/// The pending-sign-in cookie: what a correct password earns when a second factor must follow. Host-only, HttpOnly,
/// SameSite=Strict, <c>__Host-</c> + Secure over HTTPS, as short-lived as the row behind it (<see cref="HostOnlyCookie"/>).
/// It is not a session: the authentication handler never reads it, and only the two-factor steps accept it.
/// </summary>
public sealed class PendingSignInCookie(IOptions<SecondFactorOptions> options)
{
    public const string BaseName = "ts_two_factor";

    public static string Name(HttpRequest request) => HostOnlyCookie.Name(request, BaseName);

    public void Write(HttpContext context, StartedPendingSignIn pending)
    {
        HostOnlyCookie.Write(context, Name(context.Request), pending.Token,
            HostOnlyCookie.Options(context.Request, SameSiteMode.Strict, options.Value.PendingSignInLifetime));
        context.Response.Headers.CacheControl = "no-store";
    }

    public static void Clear(HttpContext context)
    {
        HostOnlyCookie.Expire(context, Name(context.Request), SameSiteMode.Strict);
        context.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>The cookie's value when exactly one cookie has exactly this name; otherwise null.</summary>
    public static string? Read(HttpRequest request) => HostOnlyCookie.Read(request, Name(request));
}

/// <summary>
/// The passkey ceremony's state between the options request and the browser's answer (ADR-013a): HttpOnly,
/// SameSite=Strict, five minutes, expired by the step that reads it (<see cref="HostOnlyCookie"/>).
/// </summary>
public static class PasskeyStateCookie
{
    public const string BaseName = "ts_passkey";

    public static string Name(HttpRequest request) => HostOnlyCookie.Name(request, BaseName);

    public static void Write(HttpContext context, string state) =>
        HostOnlyCookie.Write(context, Name(context.Request), state, HostOnlyCookie.Options(context.Request, SameSiteMode.Strict, TimeSpan.FromMinutes(5)));

    /// <summary>The state, and the cookie expired in the same response: one ceremony per options request.</summary>
    public static string Take(HttpContext context)
    {
        var state = HostOnlyCookie.Read(context.Request, Name(context.Request)) ?? "";
        HostOnlyCookie.Expire(context, Name(context.Request), SameSiteMode.Strict);
        return state;
    }
}
