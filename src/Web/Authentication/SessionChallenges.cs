using TenantSessions.Application.Common.Exceptions;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Authentication;

/// <summary>How the web app answers a request the session scheme did not authenticate or authorise: problem JSON for the API, a redirect for pages.</summary>
public static class SessionChallenges
{
    public static void Configure(SessionAuthenticationOptions options)
    {
        options.OnChallenge = Challenge;
        options.OnForbidden = Forbid;
    }

    private static async Task Challenge(HttpContext context, SessionFeature? failure)
    {
        var code = failure?.FailureCode ?? ErrorCodes.Unauthenticated;
        if (ApiRequests.IsApi(context.Request))
        {
            var tenant = context.RequestServices.GetRequiredService<ICurrentTenant>().Tenant;
            var idleTimeout = context.RequestServices.GetRequiredService<IOptions<SessionEngineOptions>>().Value.TimeoutsFor(tenant).IdleTimeout;
            await Problems.WriteAsync(context, ErrorStatus.ForChallenge(code), code, SessionMessages.For(code, failure?.RevokeReason, tenant, idleTimeout));
            return;
        }

        context.Response.Redirect(SignInRedirect.For(context.Request));
    }

    private static async Task Forbid(HttpContext context)
    {
        if (ApiRequests.IsApi(context.Request))
        {
            await Problems.WriteAsync(context, ErrorStatus.ForForbidden, ErrorCodes.Forbidden, "You are not allowed to do that.");
            return;
        }

        context.Response.Redirect("/forbidden");
    }
}
