using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// CSRF defence for the JSON API: a state-changing request must come from this host's own origin. A browser always
/// sends <c>Origin</c> on a cross-site POST; a request carrying cookies without any Origin is refused too.
/// A sibling tenant (<c>globex.</c> posting to <c>acme.</c>) is a foreign origin.
/// </summary>
public sealed class OriginCheckFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(invocation);
        }

        var expected = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        var hasCookies = request.Headers.Cookie.Count > 0;
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();

        var allowed = origin.Length > 0
            ? string.Equals(origin, expected, StringComparison.OrdinalIgnoreCase)
            : !hasCookies && fetchSite is "" or "same-origin" or "none";
        if (!allowed)
        {
            return ValueTask.FromResult<object?>(Problems.Result(
                ErrorStatus.For(ErrorCodes.InvalidOrigin), ErrorCodes.InvalidOrigin, "This request did not come from this workspace's own pages."));
        }

        return next(invocation);
    }
}
