using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// Issue 12: members (admin) and tenants (platform) are searched and sorted on the server through query parameters, so
/// the pages work without JavaScript; sort controls say which order is in force (aria-sort); the tables carry labels for
/// their 390 px card layout.
/// </summary>
public abstract class FindingPeopleTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task MembersAreSearchedByNameOrEmailInAnyCase()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var byName = await alice.PageAsync("/admin/members?q=BOB");
        var byEmail = await alice.PageAsync("/admin/members?q=alice%40acme");
        var nobody = await alice.PageAsync("/admin/members?q=carol");

        Assert.Equal(["bob@acme.test"], byName.Texts("[data-testid=member-row] [data-testid=member-email]"));
        Assert.Equal("BOB", byName.QuerySelector("input[name=q]")?.GetAttribute("value"));
        Assert.Equal(["alice@acme.test"], byEmail.Texts("[data-testid=member-row] [data-testid=member-email]"));
        Assert.Empty(nobody.QuerySelectorAll("[data-testid=member-row]"));
        Assert.Equal("Nobody matches “carol”.", nobody.Text("[data-testid=no-match]"));
    }

    [Fact]
    public async Task MembersAreSortedByTheChosenColumnAndTheHeaderSaysSo()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var byName = await alice.PageAsync("/admin/members");
        var byNameDown = await alice.PageAsync("/admin/members?sort=name&dir=desc");
        var bySessions = await alice.PageAsync("/admin/members?sort=sessions&dir=desc");
        var unknown = await alice.GetAsync("/admin/members?sort=shoe-size&dir=sideways");

        Assert.Equal(["alice@acme.test", "bob@acme.test"], byName.Texts("[data-testid=member-email]"));
        Assert.Equal("ascending", byName.QuerySelector("th[data-sort=name]")?.GetAttribute("aria-sort"));
        Assert.Null(byName.QuerySelector("th[data-sort=email]")?.GetAttribute("aria-sort"));
        Assert.Equal("/admin/members?sort=name&dir=desc", byName.QuerySelector("th[data-sort=name] a")?.GetAttribute("href"));
        Assert.Equal(["bob@acme.test", "alice@acme.test"], byNameDown.Texts("[data-testid=member-email]"));
        Assert.Equal("descending", byNameDown.QuerySelector("th[data-sort=name]")?.GetAttribute("aria-sort"));
        Assert.Equal(["bob@acme.test", "alice@acme.test"], bySessions.Texts("[data-testid=member-email]"));
        Assert.Equal(["2", "1"], bySessions.Texts("[data-testid=live-sessions]"));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
    }

    [Fact]
    public async Task SortLinksKeepTheSearch()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/admin/members?q=acme&sort=email");

        Assert.Equal("/admin/members?q=acme&sort=email&dir=desc", page.QuerySelector("th[data-sort=email] a")?.GetAttribute("href"));
        Assert.Equal("/admin/members?q=acme&sort=sessions&dir=desc", page.QuerySelector("th[data-sort=sessions] a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task TheSearchFormChoosesTheOrderTooForPhonesWhereTheHeadersAreHidden()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var page = await alice.PageAsync("/admin/members?q=acme&sort=email&dir=desc");

        Assert.Equal("email", page.QuerySelector("form.search select[name=sort] option[selected]")?.GetAttribute("value"));
        Assert.Equal("desc", page.QuerySelector("form.search select[name=dir] option[selected]")?.GetAttribute("value"));
        Assert.Equal(["name", "email", "role", "sessions", "lastactive"], page.QuerySelectorAll("form.search select[name=sort] option").Select(o => o.GetAttribute("value")!));
        Assert.Equal(["bob@acme.test", "alice@acme.test"], page.Texts("[data-testid=member-email]"));
    }

    [Fact]
    public async Task TheMembersApiSearchesAndSortsAndRefusesAnUnknownOrder()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var sorted = await JsonAsync(await alice.GetAsync("/api/auth/admin/members?sort=email&dir=desc"));
        var searched = await JsonAsync(await alice.GetAsync("/api/auth/admin/members?q=Bob"));
        var bad = await alice.GetAsync("/api/auth/admin/members?sort=shoe-size");

        Assert.Equal(["bob@acme.test", "alice@acme.test"], sorted.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()));
        Assert.Equal(["bob@acme.test"], searched.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("sort", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsAreSearchedByNameOrAddressAndSortedOnThePlatform()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "alice@acme.test");

        var byName = await root.PageAsync("/platform/tenants?q=glob");
        var bySlug = await root.PageAsync("/platform/tenants?q=INITECH");
        var bySessions = await root.PageAsync("/platform/tenants?sort=sessions&dir=desc");
        var byStatus = await root.PageAsync("/platform/tenants?sort=status&dir=desc");
        var api = await JsonAsync(await root.GetAsync("/api/platform/tenants?sort=name&dir=desc&q=e"));
        var bad = await root.GetAsync("/api/platform/tenants?dir=up");

        Assert.Equal(["Globex"], byName.Texts("[data-testid^=tenant-] h2"));
        Assert.Equal(["Initech"], bySlug.Texts("[data-testid^=tenant-] h2"));
        Assert.Equal("Acme Corp", bySessions.Texts("[data-testid^=tenant-] h2")[0]);
        Assert.Equal("sessions", bySessions.QuerySelector("select[name=sort] option[selected]")?.GetAttribute("value"));
        Assert.Equal("desc", bySessions.QuerySelector("select[name=dir] option[selected]")?.GetAttribute("value"));
        Assert.Equal("Initech", byStatus.Texts("[data-testid^=tenant-] h2")[0]);
        Assert.Equal(["Initech", "Globex", "Acme Corp"], api.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task AdminTablesLabelEveryCellForTheirCardLayout()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var root = await App.SignedInAsync("", "root@platform.test");

        var members = await alice.PageAsync("/admin/members");
        var users = await root.PageAsync("/platform/users");

        Assert.All(members.QuerySelectorAll("table.list tbody td:not(:first-child)"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
        Assert.All(users.QuerySelectorAll("table.list tbody td:not(:first-child)"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
        Assert.NotNull(members.QuerySelector("form[method=get][role=search] input[type=search][name=q]"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFindingPeopleTests(SqliteAppFixture app) : FindingPeopleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFindingPeopleTests(PostgresAppFixture app) : FindingPeopleTests(app);
