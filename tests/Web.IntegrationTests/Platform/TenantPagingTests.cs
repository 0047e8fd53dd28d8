using System.Net;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Platform;

/// <summary>
/// Issue 26 item 4: a platform of a thousand workspaces and more. The tenant list, on the API and the page, is read a page
/// at a time in the database (search, order, then the page), with the total, and the workspace picker of the people page
/// still offers every workspace.
/// </summary>
public abstract class TenantPagingTests(AppFixture app) : IntegrationTest(app)
{
    private const int Added = 1000;

    [Fact]
    public async Task TheApiPagesAThousandWorkspacesInNameOrderWithTheTotal()
    {
        await AddWorkspacesAsync();
        var root = await App.SignedInAsync("", "root@platform.test");

        var first = await JsonAsync(await root.GetAsync("/api/platform/tenants"));
        var third = await JsonAsync(await root.GetAsync("/api/platform/tenants?limit=200&offset=400"));
        var last = await JsonAsync(await root.GetAsync("/api/platform/tenants?limit=200&offset=1000"));
        var searched = await JsonAsync(await root.GetAsync("/api/platform/tenants?q=bulk-007&sort=name&dir=desc&limit=5"));

        Assert.Equal((Added + 3, 50, 0), (first.GetProperty("total").GetInt32(), first.GetProperty("limit").GetInt32(), first.GetProperty("offset").GetInt32()));
        Assert.Equal("Acme Corp", Names(first)[0]);
        Assert.Equal(50, Names(first).Length);
        Assert.Equal(Enumerable.Range(399, 200).Select(Name).ToArray(), Names(third));
        Assert.Equal([Name(999), "Globex", "Initech"], Names(last));
        Assert.Equal(10, searched.GetProperty("total").GetInt32());
        Assert.Equal([Name(79), Name(78), Name(77), Name(76), Name(75)], Names(searched));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=1e3", "offset")]
    public async Task AnUnusableLimitOrOffsetIsAValidationProblem(string query, string field)
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var response = await root.GetAsync($"/api/platform/tenants?{query}");

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ThePageShowsFiftyAtATimeWithPreviousAndNextKeepingTheSearchAndOrder()
    {
        await AddWorkspacesAsync();
        var root = await App.SignedInAsync("", "root@platform.test");

        var first = await root.PageAsync("/platform/tenants?sort=created&dir=desc");
        var next = first.QuerySelector("[data-testid=tenant-next]")!.GetAttribute("href")!;
        var second = await root.PageAsync(next);
        var beyond = await root.PageAsync("/platform/tenants?offset=5000");
        var searched = await root.PageAsync("/platform/tenants?q=bulk-000");

        Assert.Equal(50, first.QuerySelectorAll("article[data-testid^=tenant-]").Length);
        Assert.Equal("Workspaces 1–50 of 1003", first.Text("[data-testid=tenant-range]"));
        Assert.Null(first.QuerySelector("[data-testid=tenant-previous]"));
        Assert.Equal("/platform/tenants?sort=created&dir=desc&offset=50", next);
        Assert.Equal(Name(Added - 1), first.Texts("article[data-testid^=tenant-] h2")[0]);
        Assert.Equal(Name(Added - 51), second.Texts("article[data-testid^=tenant-] h2")[0]);
        Assert.Equal("/platform/tenants?sort=created&dir=desc", second.QuerySelector("[data-testid=tenant-previous]")!.GetAttribute("href"));
        Assert.Equal("Workspaces 1001–1003 of 1003", beyond.Text("[data-testid=tenant-range]"));
        Assert.Equal(10, searched.QuerySelectorAll("article[data-testid^=tenant-]").Length);
        Assert.Null(searched.QuerySelector("[data-testid=tenant-pager]"));
    }

    [Fact]
    public async Task ThePeoplePageStillOffersEveryWorkspace()
    {
        await AddWorkspacesAsync();
        var root = await App.SignedInAsync("", "root@platform.test");

        var page = await root.PageAsync("/platform/users");

        Assert.Equal(Added + 3 + 1, page.QuerySelectorAll("#tenant option").Length);
    }

    private static string Name(int i) => $"Bulk {i:D4}";

    private static string[] Names(System.Text.Json.JsonElement page) =>
        page.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();

    /// <summary>A thousand workspaces, created a minute apart after the seeded three, named in creation order.</summary>
    private Task AddWorkspacesAsync() => App.CommitAsync((db, _) =>
    {
        var start = App.Clock.GetUtcNow();
        for (var i = 0; i < Added; i++)
        {
            var created = start.AddMinutes(i + 1);
            db.Tenants.Add(new Tenant(Guid.CreateVersion7(created), $"bulk-{i:D4}", Name(i), created));
        }

        return Task.CompletedTask;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTenantPagingTests(SqliteAppFixture app) : TenantPagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantPagingTests(PostgresAppFixture app) : TenantPagingTests(app);
