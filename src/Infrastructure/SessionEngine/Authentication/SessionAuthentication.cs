using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

/// <summary>
/// How the rest of the app uses the session scheme: sign a session in (its cookie written by the handler), sign the
/// caller out, register the scheme. Nothing else touches the session cookies.
/// </summary>
public static class SessionAuthentication
{
    /// <summary>A new session (sign-in, sign-up) or a rotated one (step-up, password change): the handler writes its cookie.</summary>
    public static Task SignInAsync(this HttpContext context, IssuedSession issued)
    {
        var properties = new AuthenticationProperties { IsPersistent = issued.Session.IsPersistent, ExpiresUtc = issued.Session.ExpiresAt };
        properties.SetParameter(SessionAuthenticationHandler.IssuedSessionParameter, issued);
        return context.SignInAsync(SessionClaims.Scheme, SessionClaims.ToPrincipal(issued), properties);
    }

    /// <summary>
    /// An administrator starts acting as someone: their own token is kept aside (<c>ts_impersonator</c>, encrypted,
    /// until <paramref name="impersonation"/> ends) and the impersonation session is signed in in its place.
    /// </summary>
    public static Task StartImpersonationAsync(this HttpContext context, IssuedSession impersonation, DateTimeOffset now)
    {
        var cookies = context.RequestServices.GetRequiredService<SessionCookies>();
        var adminToken = cookies.ReadSessionToken(context.Request) ?? throw new InvalidOperationException("Impersonation starts from a signed-in administrator's request.");
        var lasts = impersonation.Session.AbsoluteExpiresAt - now;
        ImpersonatorCookie.Write(context, adminToken, lasts > TimeSpan.Zero ? lasts : TimeSpan.Zero);
        return context.SignInAsync(impersonation);
    }

    /// <summary>The administrator's own token kept aside by <see cref="StartImpersonationAsync"/>, or null (none, or not ours).</summary>
    public static string? ImpersonatorToken(this HttpContext context) => ImpersonatorCookie.Read(context);

    /// <summary>An impersonation stopped: the administrator's own session (when it is still live) is signed in again, as it was, and the kept token is dropped.</summary>
    public static Task StopImpersonationAsync(this HttpContext context, IssuedSession? administrator)
    {
        ImpersonatorCookie.Expire(context);
        return administrator is null ? context.SignOutSessionAsync() : context.SignInAsync(administrator);
    }

    /// <summary>Clears the caller's session cookies (the session itself is ended by a command).</summary>
    public static Task SignOutSessionAsync(this HttpContext context) => context.SignOutAsync(SessionClaims.Scheme);

    public static AuthenticationBuilder AddSessionScheme(this AuthenticationBuilder builder, Action<SessionAuthenticationOptions> configure) =>
        builder.AddScheme<SessionAuthenticationOptions, SessionAuthenticationHandler>(SessionClaims.Scheme, configure);
}
