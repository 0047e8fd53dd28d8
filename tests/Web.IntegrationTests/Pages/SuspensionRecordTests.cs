using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// Issue 12: a suspension records who suspended and when; the platform's tenants page and API show both, reactivation
/// clears them, and a suspended workspace's sign-up and sign-in pages say so before anyone fills them in.
/// </summary>
public abstract class SuspensionRecordTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task SuspendingRecordsWhoAndWhenAndThePlatformSeesBoth()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var rootUser = await App.UserAsync("root@platform.test");
        var page = await root.PageAsync("/platform/tenants");
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var suspendedAt = App.Clock.GetUtcNow();

        var after = await root.SubmitAndFollowAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("confirmed", "true"), ("reason", "Security review")));
        var api = await JsonAsync(await root.GetAsync("/api/platform/tenants"));

        var globex = await App.TenantAsync("globex");
        Assert.Equal(rootUser.Id, globex.SuspendedBy);
        Assert.Equal(suspendedAt, globex.SuspendedAt);
        var card = after.QuerySelector("[data-testid=tenant-globex]")!;
        Assert.Equal("Platform Root", card.QuerySelector("[data-testid=suspended-by]")!.TextContent);
        Assert.Equal(RelativeIso(suspendedAt), card.QuerySelector("[data-testid=suspension-reason] time")!.GetAttribute("datetime"));
        Assert.EndsWith("by Platform Root: Security review", card.QuerySelector("[data-testid=suspension-reason]")!.TextContent.Trim(), StringComparison.Ordinal);
        var item = api.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "globex");
        Assert.Equal(rootUser.Id, item.GetProperty("suspendedBy").GetProperty("id").GetGuid());
        Assert.Equal("Platform Root", item.GetProperty("suspendedBy").GetProperty("name").GetString());
        // The API writes dates as JavaScript does: milliseconds.
        Assert.Equal(suspendedAt.UtcTicks / TimeSpan.TicksPerMillisecond, item.GetProperty("suspendedAt").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public async Task ReactivatingClearsWhoAndWhen()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");
        var suspended = await root.SubmitAndFollowAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("confirmed", "true"), ("reason", "Security review")));

        var reactivated = await root.SubmitAndFollowAsync(suspended, "[data-testid=tenant-globex] form[action*='handler=Reactivate']");

        var globex = await App.TenantAsync("globex");
        Assert.Null(globex.SuspendedBy);
        Assert.Null(globex.SuspendedAt);
        Assert.Null(reactivated.QuerySelector("[data-testid=tenant-globex] [data-testid=suspension-reason]"));
    }

    [Fact]
    public async Task ASuspensionWithNoRecordedSuperadminSaysOnlyWhen()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var page = await root.PageAsync("/platform/tenants");

        var initech = page.QuerySelector("[data-testid=tenant-initech]")!;
        Assert.Null(initech.QuerySelector("[data-testid=suspended-by]"));
        Assert.NotNull(initech.QuerySelector("[data-testid=suspension-reason] time"));
        Assert.EndsWith(": Unpaid invoice", initech.QuerySelector("[data-testid=suspension-reason]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuspendedWorkspacesSignUpAndSignInPagesSaySoBeforeAnyoneTypes()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");
        await root.SubmitAndFollowAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("confirmed", "true"), ("reason", "Security review")));
        var visitor = App.Client("globex");

        var signUp = await visitor.PageAsync("/sign-up");
        var signIn = await visitor.PageAsync("/sign-in");
        var active = await App.Client("acme").PageAsync("/sign-up");

        Assert.Equal("Globex is suspended: Security review", signUp.Text("[data-testid=notice]"));
        Assert.StartsWith("Suspended by the platform's administrators ", signUp.Text("[data-testid=suspended-since]"), StringComparison.Ordinal);
        Assert.Null(signUp.QuerySelector("form[method=post]"));
        Assert.Equal("Globex is suspended: Security review", signIn.Text("[data-testid=notice]"));
        Assert.StartsWith("Suspended by the platform's administrators ", signIn.Text("[data-testid=suspended-since]"), StringComparison.Ordinal);
        Assert.Null(active.QuerySelector("[data-testid=notice]"));
        Assert.NotNull(active.QuerySelector("form[method=post] input[name='Input.Email']"));
    }

    [Fact]
    public async Task ASignUpPostedToASuspendedWorkspaceIsRefusedWithTheNotice()
    {
        var visitor = App.Client("initech");
        var initechPage = await visitor.PageAsync("/sign-in");
        var initechToken = initechPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await App.SnapshotAsync();

        var response = await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/sign-up")
        {
            Content = new FormUrlEncodedContent(Form(
                ("__RequestVerificationToken", initechToken), ("Input.Name", "Mallory"), ("Input.Email", "mallory@initech.test"), ("Input.Password", "Passw0rd!x"))),
        });

        var result = await Html.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Initech is suspended: Unpaid invoice", result.Text("[data-testid=notice]"));
        Assert.Equal(before, await App.SnapshotAsync());
    }

    private static string RelativeIso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSuspensionRecordTests(SqliteAppFixture app) : SuspensionRecordTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSuspensionRecordTests(PostgresAppFixture app) : SuspensionRecordTests(app);
