using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// The in-memory test server has no TCP connection, so every request comes from no address at all. This startup filter
/// (test host only, first in the pipeline) gives a request the address named in <see cref="Header"/>, as if it had
/// connected from there: the throttle and rate-limit tests need several clients at several addresses.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
                context.Request.Headers.Remove(Header);
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}
