using System.Net;

namespace TenantSessions.Web.IntegrationTests.Jobs;

/// <summary>The dashboard's own actions (trigger, retry, delete) are purges by another door: they need a fresh session too.</summary>
public abstract partial class JobsDashboardTests
{
    [Fact]
    public async Task DashboardActionsNeedAFreshSession()
    {
        var platform = App.PlatformClient();
        await platform.SignInOkAsync("root@platform.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var pageResponse = await platform.GetAsync("/platform/jobs/recurring");
        var (header, token) = AntiforgeryOf(await pageResponse.Content.ReadAsStringAsync());
        var enqueuedBefore = EnqueuedCount();

        var request = TriggerRequest();
        request.Headers.Add(header, token);
        var stale = await platform.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal(enqueuedBefore, EnqueuedCount());
    }
}
