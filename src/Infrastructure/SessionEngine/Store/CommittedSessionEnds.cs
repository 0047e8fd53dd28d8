using Microsoft.AspNetCore.Http;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.Infrastructure.SessionEngine.Store;

/// <summary>
/// The sessions that commands of this request (scope) have ended, once committed. When one of them is the caller's own
/// session, the response clears its cookies as it starts, unless the request wrote session cookies itself (a sign-out,
/// or a new session signed in). This is arranged here, when a command ends a session, so an ordinary accepted request
/// registers no response callback at all.
/// </summary>
internal sealed class CommittedSessionEnds
{
    private const string CookiesWrittenKey = "TenantSessions.SessionCookiesWritten";

    private readonly IHttpContextAccessor _http;
    private readonly SessionCookies _cookies;

    internal CommittedSessionEnds(IHttpContextAccessor http, SessionCookies cookies)
    {
        _http = http;
        _cookies = cookies;
    }

    private readonly HashSet<Guid> _ended = [];
    private bool _clearing;

    internal void Add(IEnumerable<Guid> sessionIds)
    {
        _ended.UnionWith(sessionIds);
        if (_clearing
            || _http.HttpContext is not { } context
            || context.Features.Get<SessionFeature>()?.Payload is not { } payload
            || !_ended.Contains(payload.SessionId)
            || context.Response.HasStarted)
        {
            return;
        }

        _clearing = true;
        context.Response.OnStarting(static state =>
        {
            var (context, cookies) = ((HttpContext, SessionCookies))state;
            if (!context.Items.ContainsKey(CookiesWrittenKey))
            {
                cookies.Clear(context);
            }

            return Task.CompletedTask;
        }, (context, _cookies));
    }

    /// <summary>The request wrote the session cookies itself (sign-in, sign-out): they are not cleared after it.</summary>
    internal static void MarkCookiesWritten(HttpContext context) => context.Items[CookiesWrittenKey] = true;
}
