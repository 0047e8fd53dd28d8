using System.Net;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Pages;

/// <summary>
/// The database commands of one render of the pages people open (issue 26 item 3): a fixed number, whatever the number
/// of sessions, ended sessions or members shown (no query per row), and no more than the budget measured when the
/// benchmark's page scenarios were added (docs/benchmarks.md, "Pages"). Counted by the test host's
/// <see cref="CommandCounter"/>, on a cache hit, so the session check itself sends none.
/// </summary>
public abstract class PageCommandsTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheSecurityPageSendsSixCommandsWhateverTheNumberOfSessions()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);
        var few = await CommandsOfAsync(bob, "/account/security");

        for (var i = 0; i < 3; i++)
        {
            await App.SignedInAsync("acme", "bob@acme.test");
            var ended = await App.SignedInAsync("acme", "bob@acme.test");
            Assert.Equal(HttpStatusCode.OK, (await ended.PostJsonAsync("/api/auth/sign-out", null)).StatusCode);
        }

        await bob.WarmCacheAsync(App);
        var many = await CommandsOfAsync(bob, "/account/security");

        // Live sessions, ended sessions, the people who ended them, the person (two-factor state), the workspace's
        // two-factor requirement, the passkeys.
        Assert.True(many.Count == few.Count, $"{few.Count} commands with 1 session, {many.Count} with 7:\n{Describe(many)}");
        Assert.True(many.Count <= 6, $"{many.Count} commands:\n{Describe(many)}");
    }

    [Fact]
    public async Task TheMembersListSendsOneCommandWhateverTheNumberOfMembers()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.WarmCacheAsync(App);
        var few = await CommandsOfAsync(alice, "/admin/members");

        await App.SignedInAsync("acme", "bob@acme.test");
        await App.SignedInAsync("acme", "bob@acme.test");
        await alice.WarmCacheAsync(App);
        var more = await CommandsOfAsync(alice, "/admin/members");

        Assert.True(more.Count == few.Count, $"{few.Count} commands before, {more.Count} after more sessions:\n{Describe(more)}");
        Assert.True(more.Count <= 1, $"{more.Count} commands:\n{Describe(more)}");
    }

    [Fact]
    public async Task TheMemberPageReadsTheMemberOnceAndSendsFourCommandsWhateverTheNumberOfSessions()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await bob.GetSessionAsync()).GetProperty("user").GetProperty("id").GetGuid();
        await alice.WarmCacheAsync(App);
        var few = await CommandsOfAsync(alice, $"/admin/members/{bobId}");

        for (var i = 0; i < 3; i++)
        {
            await App.SignedInAsync("acme", "bob@acme.test");
            var ended = await App.SignedInAsync("acme", "bob@acme.test");
            Assert.Equal(HttpStatusCode.OK, (await ended.PostJsonAsync("/api/auth/sign-out", null)).StatusCode);
        }

        await alice.WarmCacheAsync(App);
        var many = await CommandsOfAsync(alice, $"/admin/members/{bobId}");

        // The member, their live sessions, their ended sessions, the people who ended them (the member was looked up a
        // second time, for the history, before issue 26).
        Assert.True(many.Count == few.Count, $"{few.Count} commands with 1 session, {many.Count} with 7:\n{Describe(many)}");
        Assert.True(many.Count <= 4, $"{many.Count} commands:\n{Describe(many)}");
    }

    private async Task<IReadOnlyList<RecordedCommand>> CommandsOfAsync(TestClient client, string path)
    {
        using var recording = App.Commands.Record();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return recording.Commands.ToList();
    }

    private static string Describe(IEnumerable<RecordedCommand> commands) => string.Join("\n---\n", commands.Select(c => c.Text));
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePageCommandsTests(SqliteAppFixture app) : PageCommandsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPageCommandsTests(PostgresAppFixture app) : PageCommandsTests(app);
