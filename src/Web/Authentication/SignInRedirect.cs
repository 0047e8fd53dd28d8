using TenantSessions.Infrastructure.SessionEngine;

namespace TenantSessions.Web.Authentication;

/// <summary>
/// Where a person goes when their session is missing or was refused: the sign-in page, with the reason it ended (so
/// the page can say why) and the page to come back to. A form post never becomes the way back: only its path does, since
/// its query names a handler that must not run again on a GET.
/// </summary>
public static class SignInRedirect
{
    public static string For(HttpRequest request, bool comeBack = true)
    {
        var returnUrl = !comeBack ? ""
            : HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? request.PathBase + request.Path + request.QueryString
            : (request.PathBase + request.Path).ToString();
        var target = returnUrl is "" or "/" ? "/sign-in" : $"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return Reason(request.HttpContext.Features.Get<SessionFeature>()) is { } reason
            ? $"{target}{(target.Contains('?', StringComparison.Ordinal) ? '&' : '?')}reason={Uri.EscapeDataString(reason)}"
            : target;
    }

    /// <summary>The revoke reason, or else the failure code, of a session this request presented and that was refused.</summary>
    public static string? Reason(SessionFeature? feature) =>
        feature is { Payload: null, FailureCode: { } code } ? feature.RevokeReason ?? code : null;
}
