using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>The superadmin's pages on the platform host: tenants (suspend, reactivate, end sessions) and users.</summary>
public abstract class PlatformPagesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TenantsPageShowsStatusReasonMembersAndLiveSessions()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        await App.SignedInAsync("acme", "alice@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");

        var page = await root.PageAsync("/platform/tenants");

        Assert.Equal(["Acme Corp", "Globex", "Initech"], page.Texts("[data-testid^=tenant-] h2"));
        var acme = page.QuerySelector("[data-testid=tenant-acme]")!;
        Assert.Equal(("Active", "2", "2"), (acme.QuerySelector("[data-testid=tenant-status]")!.TextContent, acme.QuerySelector("[data-testid=tenant-members]")!.TextContent, acme.QuerySelector("[data-testid=tenant-live-sessions]")!.TextContent));
        var initech = page.QuerySelector("[data-testid=tenant-initech]")!;
        Assert.Equal("Suspended", initech.QuerySelector("[data-testid=tenant-status]")!.TextContent);
        Assert.EndsWith(": Unpaid invoice", initech.QuerySelector("[data-testid=suspension-reason]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(initech.QuerySelector("form[action*='handler=Reactivate']"));
        Assert.NotNull(acme.QuerySelector("form[action*='handler=Suspend'] input[name=reason][required]"));
    }

    [Fact]
    public async Task SuspendingATenantNeedsAReason()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");
        var before = await App.SnapshotAsync();

        var response = await root.SubmitAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("reason", "   ")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await Html.ParseAsync(response);
        Assert.Equal("Say why the workspace is suspended: its people will see it.", result.Text("[data-testid=tenant-globex] [data-valmsg-for=reason]"));
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal(TenantStatus.Active, (await App.TenantAsync("globex")).Status);
    }

    [Fact]
    public async Task SuspendingATenantEndsItsSessionsAndItsPeopleSeeTheReason()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        await carol.WarmCacheAsync(App);
        var page = await root.PageAsync("/platform/tenants");

        var after = await root.SubmitAndFollowAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("confirmed", "true"), ("reason", "Security review")));
        var carolNext = await carol.GetAsync("/");
        var signIn = await carol.PageAsync(carolNext.Location()!);

        Assert.Equal("Globex is suspended. 1 session was ended.", after.Text("[data-testid=flash]"));
        Assert.Equal("Suspended", after.Text("[data-testid=tenant-globex] [data-testid=tenant-status]"));
        Assert.EndsWith(": Security review", after.Text("[data-testid=tenant-globex] [data-testid=suspension-reason]"), StringComparison.Ordinal);
        Assert.Equal("/sign-in?reason=TENANT_SUSPENDED", carolNext.Location());
        Assert.Equal("Globex is suspended: Security review", signIn.Text("[data-testid=notice]"));
        Assert.Equal(RevokeReasons.TenantSuspended, (await App.SessionRowAsync(await SessionIdOfAsync("carol@globex.test"))).RevokeReason);
    }

    [Fact]
    public async Task ReactivatingATenantLetsItsPeopleSignInAgain()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");

        var after = await root.SubmitAndFollowAsync(page, "[data-testid=tenant-initech] form[action*='handler=Reactivate']");

        Assert.Equal("Initech is active again. Its people can sign in.", after.Text("[data-testid=flash]"));
        Assert.Equal("Active", after.Text("[data-testid=tenant-initech] [data-testid=tenant-status]"));
        Assert.Equal(HttpStatusCode.OK, (await App.Client("initech").SignInAsync("dave@initech.test")).StatusCode);
    }

    [Fact]
    public async Task EndingAllSessionsOfATenantLeavesItActive()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var carol = await App.SignedInAsync("globex", "carol@globex.test");
        var page = await root.PageAsync("/platform/tenants");

        var after = await root.SubmitAndFollowAsync(page, "[data-testid=tenant-acme] form[action*='handler=RevokeSessions']", Form(("confirmed", "true")));
        var bobNext = await bob.GetAsync("/");

        Assert.Equal("Ended 2 sessions of Acme Corp.", after.Text("[data-testid=flash]"));
        Assert.Equal("0", after.Text("[data-testid=tenant-acme] [data-testid=tenant-live-sessions]"));
        Assert.Equal("Active", after.Text("[data-testid=tenant-acme] [data-testid=tenant-status]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal("/sign-in?reason=REVOKED_BY_PLATFORM", bobNext.Location());
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task ASuperadminWhoSignedInLongAgoConfirmsThePasswordBeforeSuspending()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var page = await root.PageAsync("/platform/tenants");
        var before = await App.SnapshotAsync();

        var prompt = await Html.ParseAsync(await root.SubmitAsync(page, "[data-testid=tenant-globex] form[action*='handler=Suspend']", Form(("confirmed", "true"), ("reason", "Security review"))));
        var unchanged = await App.SnapshotAsync();
        var after = await root.SubmitAndFollowAsync(prompt, "[data-testid=step-up] form", Form(("StepUpPassword", TestClient.DemoPassword)));

        Assert.Contains("To suspend Globex with the reason \u201cSecurity review\u201d, which its people will read, enter your password again.", prompt.Text("[data-testid=step-up]"), StringComparison.Ordinal);
        Assert.Equal(before, unchanged);
        Assert.Equal("Globex is suspended. 0 sessions were ended.", after.Text("[data-testid=flash]"));
        Assert.Equal("Security review", (await App.TenantAsync("globex")).SuspensionReason);
    }

    [Fact]
    public async Task UsersPageFindsPeopleAcrossWorkspaces()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var acme = await App.TenantAsync("acme");

        var all = await root.PageAsync("/platform/users");
        var search = await root.PageAsync("/platform/users?q=carol");
        var ofAcme = await root.PageAsync($"/platform/users?tenant={acme.Id}");

        Assert.Equal(5, all.QuerySelectorAll("[data-testid=user-row]").Length);
        Assert.Equal(["Carol Admin"], search.Texts("[data-testid=user-row] td:first-child"));
        Assert.Equal(["alice@acme.test", "bob@acme.test"], ofAcme.Texts("[data-testid=user-row] td:nth-child(2)"));
    }

    [Fact]
    public async Task SuperadminEndsEverySessionOfAUserWhoIsToldWhy()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var bobPhone = await App.SignedInAsync("acme", "bob@acme.test");
        var bobLaptop = await App.SignedInAsync("acme", "bob@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        var page = await root.PageAsync($"/platform/users/{bob.Id}");
        Assert.Equal("Bob Member", page.Text("[data-testid=user-name]"));
        Assert.Equal(2, page.SessionIds().Count);

        var after = await root.SubmitAndFollowAsync(page, "form[action*='handler=RevokeAll']", Form(("confirmed", "true")));
        var bobNext = await bobLaptop.GetAsync("/account/security");
        var signIn = await bobLaptop.PageAsync(bobNext.Location()!);

        Assert.Equal("Ended 2 sessions.", after.Text("[data-testid=flash]"));
        Assert.Empty(after.SessionIds());
        Assert.Equal("Your session was ended by the platform's administrators.", signIn.Text("[data-testid=notice]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bobPhone.GetAsync("/api/auth/list-sessions")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownUserIsNotFound()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var response = await root.GetAsync($"/platform/users/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Guid> SessionIdOfAsync(string email)
    {
        var user = await App.UserAsync(email);
        return await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().Where(s => s.UserId == user.Id).Select(s => s.Id).SingleAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlatformPagesTests(SqliteAppFixture app) : PlatformPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlatformPagesTests(PostgresAppFixture app) : PlatformPagesTests(app);
