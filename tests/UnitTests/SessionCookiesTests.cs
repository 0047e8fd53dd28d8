using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;

namespace TenantSessions.UnitTests;

public sealed class SessionCookiesTests
{
    private readonly SessionCookies _cookies = new(Options.Create(new SessionEngineOptions()), TimeProvider.System);

    [Theory]
    [InlineData("ts_session=abc", "abc")]
    [InlineData("other=1; ts_session=abc; more=2", "abc")]
    [InlineData("  ts_session=abc", "abc")]
    [InlineData("ts_session=abc; ts_session=def", null)]
    [InlineData("ts%5Fsession=abc", null)]
    [InlineData("TS_SESSION=abc", null)]
    [InlineData("ts_session_x=abc", null)]
    [InlineData("xts_session=abc", null)]
    [InlineData("ts_session =abc", null)]
    [InlineData("", null)]
    [InlineData(";;ts_session=abc;", "abc")]
    [InlineData("ts_session=a=b ", "a=b")]
    [InlineData("ts_session=", "")]
    [InlineData("=abc; ts_session=x", "x")]
    [InlineData("ts_session", null)]
    public void OnlyTheExactCookieNameCounts(string header, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = header;

        Assert.Equal(expected, _cookies.ReadSessionToken(context.Request));
    }

    [Fact]
    public void TwoCookieHeadersWithTheSameNameAreAmbiguous()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new Microsoft.Extensions.Primitives.StringValues(["ts_session=abc", "ts_session=def"]);

        Assert.Null(_cookies.ReadSessionToken(context.Request));
    }

    [Theory]
    [InlineData("ts_session=abc; ts_session_cache=k1.xyz ", "k1.xyz")]
    [InlineData("ts_session_cache=k1.xyz; ts_session_cache=k2.xyz", "")]
    [InlineData("ts_session=abc", "")]
    [InlineData("ts_session_cachex=k1.xyz", "")]
    public void TheCacheCookieIsReadAsASpanOfTheHeader(string header, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = header;

        var value = _cookies.ReadCache(context.Request);

        Assert.Equal(expected, value.ToString());
        if (!value.IsEmpty)
        {
            Assert.True(header.AsSpan().Overlaps(value), "the value was copied instead of read from the header");
        }
    }

    [Fact]
    public void OverHttpsTheCookieNamesCarryTheHostPrefix()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";

        Assert.Equal("__Host-ts_session", _cookies.SessionCookieName(context.Request));
        Assert.Equal("__Host-ts_session_cache", _cookies.CacheCookieName(context.Request));
    }
}
