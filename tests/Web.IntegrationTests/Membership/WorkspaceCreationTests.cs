using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Tenants;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Membership;

public abstract class WorkspaceCreationTests(AppFixture app) : IntegrationTest(app)
{
    private const string Password = "Sup3r-secret!";

    [Fact]
    public async Task RootCreatesAWorkspaceAndItsFirstAdminJoinsByInvitation()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var created = await SessionTestExtensions.JsonAsync(await root.PostJsonAsync("/api/platform/tenants", new { slug = "Initrode", name = "Initrode", adminEmail = "peter@initrode.test" }));
        var mail = await App.SingleMailToAsync("peter@initrode.test");
        var link = Assert.Single(mail.Links());
        var peter = App.Client("initrode");
        var joined = await peter.PostJsonAsync("/api/auth/accept-invitation", new { token = link.Query.Split("token=")[1], name = "Peter", password = Password });

        Assert.Equal("initrode", created.GetProperty("slug").GetString());
        Assert.Equal("initrode.localhost", link.Host);
        Assert.Equal("[Initrode] You are invited to join Initrode", mail.Subject);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var session = await peter.GetSessionAsync();
        Assert.Equal("TenantAdmin", session.GetProperty("user").GetProperty("role").GetString());
        var tenant = await App.TenantAsync("initrode");
        Assert.Equal(JoinPolicy.InviteOnly, tenant.JoinPolicy);
        Assert.Equal(TenantStatus.Active, tenant.Status);
    }

    [Theory]
    [InlineData("www")]
    [InlineData("api")]
    [InlineData("admin")]
    [InlineData("platform")]
    [InlineData("mail")]
    [InlineData("acme")]
    [InlineData("-bad")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public async Task ReservedTakenAndInvalidSlugsAreRefused(string slug)
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var tenants = await App.QueryAsync(db => db.Tenants.CountAsync());

        var response = await root.PostJsonAsync("/api/platform/tenants", new { slug, name = "X", adminEmail = "x@example.test" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await SessionTestExtensions.CodeOf(response));
        Assert.Equal(tenants, await App.QueryAsync(db => db.Tenants.CountAsync()));
    }

    [Fact]
    public async Task OnlyASuperadminOnThePlatformHostCreatesWorkspaces()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var onTenantHost = await alice.PostJsonAsync("/api/platform/tenants", new { slug = "x1", name = "X", adminEmail = "x@example.test" });
        var anonymous = await App.PlatformClient().PostJsonAsync("/api/platform/tenants", new { slug = "x1", name = "X", adminEmail = "x@example.test" });

        Assert.Equal(HttpStatusCode.NotFound, onTenantHost.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(await App.QueryAsync(db => db.Tenants.SingleOrDefaultAsync(t => t.Slug == "x1")));
    }

    [Fact]
    public async Task TheNewWorkspacePageCreatesAWorkspace()
    {
        var root = await App.SignedInAsync("", "root@platform.test");

        var form = await root.PageAsync("/platform/tenants/new");
        var refused = await Html.ParseAsync(await root.SubmitAsync(form, "[data-testid=new-workspace]", PageTestExtensions.Form(("Slug", "www"), ("Name", "W"), ("AdminEmail", "w@example.test"))));
        var done = await root.SubmitAndFollowAsync(form, "[data-testid=new-workspace]", PageTestExtensions.Form(("Slug", "initrode"), ("Name", "Initrode"), ("AdminEmail", "peter@initrode.test")));

        Assert.Contains("'www' is reserved", refused.Text("[data-testid=slug-error]"));
        Assert.Contains("Initrode was created", done.DocumentElement.TextContent);
        Assert.Equal("[Initrode] You are invited to join Initrode", (await App.SingleMailToAsync("peter@initrode.test")).Subject);
    }

    [Fact]
    public async Task SelfServiceIsOffByDefault()
    {
        var response = await App.PlatformClient().GetAsync("/start");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithSelfServiceOnAnyoneStartsAWorkspaceAndSignsInAsItsAdmin()
    {
        var configuration = App.Services.GetRequiredService<IConfiguration>();
        configuration["Tenancy:SelfServiceSignUp"] = "true";
        try
        {
            var visitor = App.PlatformClient();

            var form = await visitor.PageAsync("/start");
            var reserved = await visitor.SubmitAsync(form, "main form", PageTestExtensions.Form(("Slug", "admin"), ("Name", "A"), ("AdminName", "A"), ("AdminEmail", "a@a.test"), ("Password", Password)));
            var started = await visitor.SubmitAsync(form, "main form", PageTestExtensions.Form(("Slug", "hooli"), ("Name", "Hooli"), ("AdminName", "Gavin"), ("AdminEmail", "gavin@hooli.test"), ("Password", Password)));
            var admin = App.Client("hooli");
            var signIn = await admin.SignInAsync("gavin@hooli.test", Password);

            Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
            Assert.Equal("http://hooli.localhost/sign-in?reason=WORKSPACE_CREATED", started.Location());
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Equal("TenantAdmin", (await admin.GetSessionAsync()).GetProperty("user").GetProperty("role").GetString());
            Assert.Equal(JoinPolicy.InviteOnly, (await App.TenantAsync("hooli")).JoinPolicy);
        }
        finally
        {
            configuration["Tenancy:SelfServiceSignUp"] = null;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWorkspaceCreationTests(SqliteAppFixture app) : WorkspaceCreationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkspaceCreationTests(PostgresAppFixture app) : WorkspaceCreationTests(app);
