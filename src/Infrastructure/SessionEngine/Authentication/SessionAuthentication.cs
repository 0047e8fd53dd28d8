using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine;

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

    /// <summary>Clears the caller's session cookies (the session itself is ended by a command).</summary>
    public static Task SignOutSessionAsync(this HttpContext context) => context.SignOutAsync(SessionClaims.Scheme);

    public static AuthenticationBuilder AddSessionScheme(this AuthenticationBuilder builder, Action<SessionAuthenticationOptions> configure) =>
        builder.AddScheme<SessionAuthenticationOptions, SessionAuthenticationHandler>(SessionClaims.Scheme, configure);
}
