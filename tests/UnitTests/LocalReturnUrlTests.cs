using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;
using TenantSessions.Web.Authentication;

namespace TenantSessions.UnitTests;

/// <summary>
/// The one return-URL rule of the sign-in pages and the passkey button (<see cref="LocalReturnUrl"/>), and that it is
/// <c>Url.IsLocalUrl</c>'s rule for every path that is not app-relative (<c>~/</c>, which it refuses).
/// </summary>
public sealed class LocalReturnUrlTests
{
    private static readonly UrlHelper Url = new(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/ok/path?x=1", true)]
    [InlineData("/account/security#sessions", true)]
    [InlineData("/a//b", true)]
    [InlineData("/%5Cevil.localhost/pwned", true)]
    [InlineData("/\\evil.localhost/pwned", false)]
    [InlineData("/\\\\evil", false)]
    [InlineData("/\t/evil.localhost", false)]
    [InlineData("/\n/evil.localhost", false)]
    [InlineData("/ok\r\nSet-Cookie: x=1", false)]
    [InlineData("//evil.localhost", false)]
    [InlineData("///evil.localhost", false)]
    [InlineData("https://evil.localhost/", false)]
    [InlineData("http:/evil.localhost", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("\\\\evil.localhost", false)]
    [InlineData("evil.localhost", false)]
    [InlineData(" /ok", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyAPathOnThisHostIsAWayBack(string? url, bool local)
    {
        Assert.Equal(local, LocalReturnUrl.IsLocal(url));
        Assert.Equal(Url.IsLocalUrl(url), LocalReturnUrl.IsLocal(url));
        Assert.Equal(local ? url : "/", LocalReturnUrl.OrHome(url));
        Assert.Equal(local ? url : null, LocalReturnUrl.OrNull(url));
    }

    [Theory]
    [InlineData("~/")]
    [InlineData("~/account")]
    public void AnAppRelativePathIsNotAWayBackForTheBrowserCannotResolveIt(string url)
    {
        Assert.True(Url.IsLocalUrl(url));

        Assert.False(LocalReturnUrl.IsLocal(url));
    }
}
