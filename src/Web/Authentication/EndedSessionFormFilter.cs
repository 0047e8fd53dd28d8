using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Authentication;

/// <summary>
/// A form posted from a page that was open when its session ended (revoked, expired, workspace suspended) carries an
/// antiforgery token minted for the signed-in person, which no longer matches the now anonymous request: rather than a
/// bare 400, send the person to sign-in with the reason. The same for a sign-out form posted by someone no longer signed
/// in: there is nothing to end. Nothing runs: the redirect comes before any handler. Runs before the antiforgery filter
/// (order 1000).
/// </summary>
public sealed class EndedSessionFormFilter : IAuthorizationFilter, IOrderedFilter
{
    public int Order => 0;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || ApiRequests.IsApi(request))
        {
            return;
        }

        var feature = context.HttpContext.Features.Get<SessionFeature>();
        var signingOut = request.Path.StartsWithSegments("/sign-out");
        if (SignInRedirect.Reason(feature) is not null || (signingOut && feature?.Payload is null))
        {
            context.Result = new RedirectResult(SignInRedirect.For(request, comeBack: !signingOut));
        }
    }
}
