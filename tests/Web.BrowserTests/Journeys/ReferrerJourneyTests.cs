using Microsoft.Playwright;
using TenantSessions.Web.BrowserTests.Infrastructure;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 20, finding 1: a page opened from an e-mailed link carries the token in its address, and Chromium sends no
/// <c>Referer</c> with the page's own stylesheet and script requests, so the token never travels on.
/// </summary>
public sealed class ReferrerJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [BrowserFact]
    public async Task TheResetPasswordPageSendsNoRefererForItsOwnCssAndScripts()
    {
        var subresources = new List<IRequest>();
        Page.Request += (_, request) =>
        {
            if (request.ResourceType is "stylesheet" or "script")
            {
                subresources.Add(request);
            }
        };

        var response = await Page.GotoAsync(App.Url("acme", "/reset-password?token=secret-token-in-the-address"));
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        Assert.NotEmpty(subresources);
        foreach (var request in subresources)
        {
            var headers = await request.AllHeadersAsync();
            Assert.False(headers.TryGetValue("referer", out var referer), $"{request.Url} was sent Referer: {referer}");
        }
    }
}
