using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>Issue 25's small things: a favicon, passkey buttons that say they need JavaScript, and no confirmation from a stale or foreign passkey id.</summary>
public abstract class PageDetailsTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task EveryPageNamesAnIconThatIsServed()
    {
        var client = App.Client("acme");
        var page = await client.PageAsync("/sign-in");

        var href = page.QuerySelector("link[rel=icon]")?.GetAttribute("href");

        Assert.StartsWith("/favicon.svg?v=", href, StringComparison.Ordinal);
        var icon = await client.GetAsync(href!);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasskeyButtonsComeHiddenWithANoteThatTheyNeedJavaScript()
    {
        var signIn = await App.Client("acme").PageAsync("/sign-in");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var passkeys = await bob.PageAsync("/account/passkeys");

        Assert.True(signIn.QuerySelector("[data-testid=passkey-sign-in]")!.HasAttribute("hidden"));
        Assert.Contains("needs JavaScript", signIn.QuerySelector("noscript")!.InnerHtml, StringComparison.Ordinal);
        Assert.True(passkeys.QuerySelector("[data-testid=add-passkey]")!.HasAttribute("hidden"));
        Assert.Contains("Adding a passkey needs JavaScript", passkeys.QuerySelector("noscript")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddedLinkForNoPasskeyOfTheirsConfirmsNothingAndLosesTheId()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.GetAsync("/account/passkeys?added=not-a-passkey-of-bob");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/passkeys", response.Location());
        var page = await bob.PageAsync("/account/passkeys");
        Assert.Null(page.QuerySelector("[data-testid=flash]"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePageDetailsTests(SqliteAppFixture app) : PageDetailsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPageDetailsTests(PostgresAppFixture app) : PageDetailsTests(app);
