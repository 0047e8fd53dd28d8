using Microsoft.AspNetCore.Mvc.ViewFeatures;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Web.Authentication;

/// <summary>
/// Where a person goes when their session is missing or was refused: the sign-in page, with the reason it ended (so
/// the page can say why) and the page to come back to. A form post never becomes the way back: only its path does, since
/// its query names a handler that must not run again on a GET.
/// </summary>
public static class SignInRedirect
{
    /// <summary>TempData key of the session a person ended from another of their devices (<see cref="For"/>).</summary>
    public const string EndedSessionKey = "EndedSessionId";

    /// <summary>
    /// The sign-in address. When the refused session was ended from another of the person's devices, its id (a public
    /// handle, never the token) goes into the data-protected TempData cookie, so the sign-in page can name that device.
    /// </summary>
    public static string For(HttpRequest request, bool comeBack = true)
    {
        if (request.HttpContext.Features.Get<SessionFeature>() is { Payload: null, RevokeReason: RevokeReasons.RevokedByUser, RefusedSessionId: { } ended }
            && request.HttpContext.RequestServices.GetService<ITempDataDictionaryFactory>() is { } tempDataFactory)
        {
            var tempData = tempDataFactory.GetTempData(request.HttpContext);
            tempData[EndedSessionKey] = ended;
            tempData.Save();
        }

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
