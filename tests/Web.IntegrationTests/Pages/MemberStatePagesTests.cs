using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>One word per state: a ban reads "Banned" in the member list as on the member page.</summary>
public abstract class MemberStatePagesTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ABannedMemberIsBannedInTheListAndOnTheirPage()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.UserAsync("bob@acme.test");
        await SessionTestExtensions.JsonAsync(await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bob.Id }));

        var list = await alice.PageAsync("/admin/members");
        var member = await alice.PageAsync($"/admin/members/{bob.Id}");

        Assert.Equal("Banned", list.QuerySelector($"[data-user-id='{bob.Id}'] [data-testid=member-state]")?.TextContent);
        Assert.Equal("Banned", member.Text("[data-testid=banned]"));
        Assert.Null(list.QuerySelector($"[data-user-id='{(await App.UserAsync("alice@acme.test")).Id}'] [data-testid=member-state]"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMemberStatePagesTests(SqliteAppFixture app) : MemberStatePagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMemberStatePagesTests(PostgresAppFixture app) : MemberStatePagesTests(app);
