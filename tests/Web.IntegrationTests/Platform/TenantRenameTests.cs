using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Platform;

/// <summary>A workspace is renamed by a superadmin or by its own admin; the slug and the sessions stay, and the new name is what the very next request sees.</summary>
public abstract class TenantRenameTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task ASuperadminRenamesAWorkspaceAndTheNextRequestSeesTheNewNameThroughAWarmCache()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        await alice.WarmCacheAsync(App);
        var sessionId = await alice.SessionIdAsync();
        var root = await App.SignedInAsync("", "root@platform.test");
        var acme = await App.TenantAsync("acme");

        var response = await root.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/platform/tenants/{acme.Id}") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "  Acme Holdings  " }) });

        Assert.Equal("""{"success":true}""", await (await Ok(response)).Content.ReadAsStringAsync());
        var tenant = (await alice.GetSessionAsync()).GetProperty("user").GetProperty("tenant");
        Assert.Equal("Acme Holdings", tenant.GetProperty("name").GetString());
        Assert.Equal("acme", tenant.GetProperty("slug").GetString());
        Assert.Equal(sessionId, await alice.SessionIdAsync());
        var renamed = await App.TenantAsync("acme");
        Assert.Equal(("acme", "Acme Holdings"), (renamed.Slug, renamed.Name));
        Assert.Null((await App.SessionRowAsync(sessionId)).RevokedAt);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == AuditActions.TenantRenamed));
        Assert.Equal("Acme Corp → Acme Holdings", audit.Detail);
    }

    [Fact]
    public async Task ATenantAdminRenamesTheirOwnWorkspaceAndAMemberCannot()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);

        var refused = await bob.SendAsync(Patch("/api/auth/admin/workspace", new { name = "Bob's place" }));
        var renamed = await alice.SendAsync(Patch("/api/auth/admin/workspace", new { name = "Acme Europe" }));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Acme Europe", (await bob.GetSessionAsync()).GetProperty("user").GetProperty("tenant").GetProperty("name").GetString());
        Assert.Equal("Globex", (await App.TenantAsync("globex")).Name);
    }

    [Fact]
    public async Task ABlankOrTooLongNameIsRefusedAndNothingChanges()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var acme = await App.TenantAsync("acme");
        var before = await App.SnapshotAsync();

        var blank = await root.SendAsync(Patch($"/api/platform/tenants/{acme.Id}", new { name = "   " }));
        var missing = await root.SendAsync(Patch($"/api/platform/tenants/{acme.Id}", new { }));
        var tooLong = await root.SendAsync(Patch($"/api/platform/tenants/{acme.Id}", new { name = new string('x', 101) }));
        var unknown = await root.SendAsync(Patch($"/api/platform/tenants/{Guid.NewGuid()}", new { name = "Nobody" }));

        Assert.Equal("Give the workspace a name.", (await JsonAsync(blank, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before, await App.SnapshotAsync());
        Assert.Equal("Acme Corp", (await App.TenantAsync("acme")).Name);
    }

    private static HttpRequestMessage Patch(string path, object body) =>
        new(HttpMethod.Patch, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };

    private static Task<HttpResponseMessage> Ok(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Task.FromResult(response);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTenantRenameTests(SqliteAppFixture app) : TenantRenameTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantRenameTests(PostgresAppFixture app) : TenantRenameTests(app);
