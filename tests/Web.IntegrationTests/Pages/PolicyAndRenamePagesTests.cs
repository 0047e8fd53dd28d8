using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>The settings page asks before a policy ends sessions (without JavaScript), and workspaces are renamed on their pages.</summary>
public abstract class PolicyAndRenamePagesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task APolicyThatWouldEndSessionsIsConfirmedFirstNamingTheImpact()
    {
        for (var i = 0; i < 3; i++)
        {
            await App.SignedInAsync("acme", "bob@acme.test");
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");
        var before = await App.SnapshotAsync();
        var fields = Form(("Input.MaxConcurrentSessions", "1"), ("Input.ConcurrentSessionAction", "EndOldest"));

        var asked = await alice.SubmitAsync(page, "[data-testid=policy]", fields);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirm = await Html.ParseAsync(asked);
        Assert.Equal("2 sessions end.", confirm.Text("[data-testid=impact-ending]"));
        Assert.Equal("1 person is over the device limit: their oldest sessions end.", confirm.Text("[data-testid=impact-over-cap]"));
        Assert.Equal("Save and end 2 sessions", confirm.Text("button[name='Input.Confirmed']"));
        Assert.Equal("1", confirm.QuerySelector("#Input_MaxConcurrentSessions")?.GetAttribute("value"));
        Assert.Equal(before, await App.SnapshotAsync());

        fields["Input.Confirmed"] = "true";
        var saved = await alice.SubmitAndFollowAsync(confirm, "[data-testid=policy]", fields);

        Assert.Contains("2 sessions ended.", saved.Text("[data-testid=flash]"), StringComparison.Ordinal);
        var bob = await App.UserAsync("bob@acme.test");
        Assert.Equal(2, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.UserId == bob.Id && s.RevokeReason == RevokeReasons.WorkspacePolicy)));
    }

    [Fact]
    public async Task APolicyThatEndsNothingSavesAtOnceAndSaysWhatItShortened()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");

        var saved = await alice.SubmitAndFollowAsync(page, "[data-testid=policy]", Form(("Input.ExpiresIn", "1"), ("Input.ExpiresInUnit", "hours")));

        Assert.Equal("The session policy was saved. New sign-ins and refreshes use it from now on. 1 session was shortened.", saved.Text("[data-testid=flash]"));
        Assert.Equal(TimeSpan.FromHours(1), (await App.TenantAsync("acme")).Policy.ExpiresIn);
    }

    [Fact]
    public async Task AnEmptyFieldSaysWhatItWillBeOnceFittedToTheValuesSetAndThePreviewSaysItToo()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");
        var fields = Form(("Input.ExpiresIn", "2"), ("Input.ExpiresInUnit", "hours"));

        var preview = await Html.ParseAsync(await Html.SubmitAsync(alice, page, "[data-testid=policy]", fields, path: null, action: page.QuerySelector("[data-testid=policy] button[formaction]")!.GetAttribute("formaction")));
        var saved = await alice.SubmitAndFollowAsync(page, "[data-testid=policy]", fields);

        // Nothing set: every value is the platform default and none says otherwise.
        Assert.Empty(page.QuerySelectorAll("[data-testid$=-applies]"));
        // A 2-hour lifetime: the empty refresh interval is the platform's 1 day scaled by 2 hours / 7 days (17 min 8 s).
        Assert.Contains("Platform default: 1 day", preview.Text("#Input_UpdateAge_default"), StringComparison.Ordinal);
        Assert.Equal("Applies here: 17 minutes, scaled to the session lifetime of 2 hours.", preview.Text("[data-testid=UpdateAge-applies]"));
        Assert.Equal(
            "Sessions last 2 hours and are refreshed every 17 minutes (scaled to the session lifetime of 2 hours), for at most 30 days; the password is asked again after 1 day.",
            preview.Text("[data-testid=impact-values]"));
        Assert.Empty(preview.QuerySelectorAll("[data-testid=ExpiresIn-applies], [data-testid=AbsoluteLifetime-applies], [data-testid=FreshAge-applies]"));
        Assert.Null((await App.TenantAsync("acme")).Policy.UpdateAge);
        Assert.Equal("Applies here: 17 minutes, scaled to the session lifetime of 2 hours.", saved.Text("[data-testid=UpdateAge-applies]"));
        Assert.Equal("17 minutes", saved.Texts("[data-testid=effective] dd")[1]);
    }

    [Fact]
    public async Task ATenantAdminRenamesTheWorkspaceOnItsSettingsPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var page = await alice.PageAsync("/admin/settings");

        var refused = await alice.SubmitAsync(page, "[data-testid=rename-workspace]", Form(("name", "  ")));
        var renamed = await alice.SubmitAndFollowAsync(page, "[data-testid=rename-workspace]", Form(("name", "Acme Europe")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Give the workspace a name.", (await Html.ParseAsync(refused)).Text("[data-valmsg-for=name]"));
        Assert.Equal("The workspace is now called Acme Europe. Its address did not change.", renamed.Text("[data-testid=flash]"));
        Assert.Equal("Acme Europe", renamed.QuerySelector("#workspace-name")?.GetAttribute("value"));
        Assert.Equal(("acme", "Acme Europe"), ((await App.TenantAsync("acme")).Slug, (await App.TenantAsync("acme")).Name));
    }

    [Fact]
    public async Task ASuperadminRenamesAWorkspaceOnTheTenantsPage()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");

        var renamed = await root.SubmitAndFollowAsync(page, "[data-testid=rename-globex]", Form(("name", "Globex Corporation")));

        Assert.Equal("Globex is now called Globex Corporation. Its address did not change.", renamed.Text("[data-testid=flash]"));
        Assert.Equal("Globex Corporation", renamed.Text("[data-testid=tenant-globex] h2"));
        Assert.Equal("globex", (await App.TenantAsync("globex")).Slug);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePolicyAndRenamePagesTests(SqliteAppFixture app) : PolicyAndRenamePagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPolicyAndRenamePagesTests(PostgresAppFixture app) : PolicyAndRenamePagesTests(app);
