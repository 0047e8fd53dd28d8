using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>Who can open which session-management page, on which host; the header each person sees.</summary>
public abstract class PageAccessTests(AppFixture app) : IntegrationTest(app)
{
    public static readonly TheoryData<string> TenantPages = new() { "/account/security", "/admin/members", "/admin/members/{bob}", "/admin/settings" };

    public static readonly TheoryData<string> AdminPages = new() { "/admin/members", "/admin/members/{bob}", "/admin/settings" };

    public static readonly TheoryData<string> PlatformPages = new() { "/platform/tenants", "/platform/users", "/platform/users/{bob}" };

    [Theory]
    [MemberData(nameof(TenantPages))]
    public async Task TenantAdminOpensEveryTenantPage(string page)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var response = await alice.GetAsync(await PathAsync(page));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.NotNull(document.QuerySelector("[data-testid=sign-out]"));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [MemberData(nameof(PlatformPages))]
    public async Task SuperadminOpensEveryPlatformPage(string page)
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var response = await root.GetAsync(await PathAsync(page));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Html.ParseAsync(response)).QuerySelector("[data-testid=sign-out]"));
    }

    [Fact]
    public async Task MemberOpensTheirSecurityPage()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var page = await bob.PageAsync("/account/security");

        Assert.Equal("Security", page.Text("h1"));
        Assert.NotNull(page.QuerySelector("[data-testid=sign-out]"));
    }

    [Fact]
    public async Task SuperadminHasTheirOwnSecurityPageOnThePlatformHost()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var page = await root.PageAsync("/account/security");

        Assert.Equal([await root.SessionIdAsync()], page.SessionIds());
        Assert.Equal(["This device"], page.Texts("[data-testid=this-device]"));
    }

    [Theory]
    [MemberData(nameof(TenantPages))]
    public async Task AnonymousVisitorOfATenantPageIsSentToSignIn(string page)
    {
        var path = await PathAsync(page);

        var response = await App.Client("acme").GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/sign-in?returnUrl={Uri.EscapeDataString(path)}", response.Location());
    }

    [Theory]
    [MemberData(nameof(PlatformPages))]
    public async Task AnonymousVisitorOfAPlatformPageIsSentToSignIn(string page)
    {
        var response = await App.PlatformClient().GetAsync(await PathAsync(page));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in?returnUrl=", response.Location(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task MemberOnAnAdminPageGetsTheForbiddenPage(string page)
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var response = await bob.GetAsync(await PathAsync(page));
        var forbidden = await bob.GetAsync(response.Location()!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/forbidden", response.Location());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("You can't open this page", (await Html.ParseAsync(forbidden)).Text("h1"));
    }

    [Theory]
    [MemberData(nameof(PlatformPages))]
    public async Task PlatformPagesDoNotExistOnATenantHost(string page)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var path = await PathAsync(page);

        var asAdmin = await alice.GetAsync(path);
        var asAnonymous = await App.Client("acme").GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asAnonymous.StatusCode);
        Assert.Equal("There is nothing here", (await Html.ParseAsync(asAdmin)).Text("h1"));
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AdminPagesDoNotExistOnThePlatformHost(string page)
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var response = await root.GetAsync(await PathAsync(page));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TenantAdminCannotOpenAnotherWorkspacesMember()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var carol = await App.UserAsync("carol@globex.test");

        var response = await alice.GetAsync($"/admin/members/{carol.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("carol", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MemberHeaderShowsSecurityButNoAdministration()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");

        var page = await bob.PageAsync("/");

        Assert.Equal(["Security", "Notices", "Profile"], page.Texts("nav.primary a"));
    }

    [Fact]
    public async Task TenantAdminHeaderShowsMembersAndSettings()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/admin/members");

        Assert.Equal(["Members", "Sessions", "Invitations", "Settings", "Two-factor", "Audit log", "Single sign-on", "Webhooks", "Directory", "Security", "Notices", "Profile"], page.Texts("nav.primary a"));
        Assert.Equal("page", page.QuerySelector("nav.primary a[href='/admin/members']")?.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task SuperadminHeaderShowsTenantsAndUsers()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var page = await root.PageAsync("/");

        Assert.Equal(["Tenants", "Users", "Security", "Notices", "Profile"], page.Texts("nav.primary a"));
        Assert.Contains("/platform/tenants", page.QuerySelectorAll("[data-testid=links] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task AnonymousHeaderHasNoMainNavigation()
    {
        var page = await App.Client("acme").PageAsync("/sign-in");

        Assert.Empty(page.QuerySelectorAll("nav.primary"));
    }

    private async Task<string> PathAsync(string page) =>
        page.Contains("{bob}", StringComparison.Ordinal) ? page.Replace("{bob}", (await App.UserAsync("bob@acme.test")).Id.ToString(), StringComparison.Ordinal) : page;
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePageAccessTests(SqliteAppFixture app) : PageAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPageAccessTests(PostgresAppFixture app) : PageAccessTests(app);
