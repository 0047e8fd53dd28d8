namespace TenantSessions.Web.Authentication;

/// <summary>
/// The one rule for where a person may be sent after signing in (password, second factor or passkey): a path on this
/// host. It is <c>Url.IsLocalUrl</c>'s rule (a single <c>/</c> not followed by <c>/</c> or <c>\</c>, no control
/// character anywhere, since browsers read <c>/\evil</c> and <c>/&#9;/evil</c> as <c>//evil</c>), without its
/// app-relative <c>~/</c> form, which only the server could resolve. The pages hand the browser only what passed it,
/// so <c>js/passkeys.js</c> navigates to a path it has not had to judge.
/// </summary>
public static class LocalReturnUrl
{
    public const string Home = "/";

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The URL when it is local, otherwise null (no way back is carried further).</summary>
    public static string? OrNull(string? url) => IsLocal(url) ? url : null;

    /// <summary>The URL when it is local, otherwise the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : Home;
}
