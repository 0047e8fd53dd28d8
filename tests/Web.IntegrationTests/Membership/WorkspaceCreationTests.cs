using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>Issue 20, finding 2: such a workspace would answer 400 Unknown host (the host reaches the app decoded).</summary>
    [Theory]
    [InlineData("xn--bcher-kva")]
    [InlineData("XN--80ak6aa92e")]
    [InlineData("ab--c")]
    [InlineData("42--x")]
    public async Task SlugsReservedForEncodingAreRefusedWithAClearMessage(string slug)
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var tenants = await App.QueryAsync(db => db.Tenants.CountAsync());

        var response = await root.PostJsonAsync("/api/platform/tenants", new { slug, name = "X", adminEmail = "x@example.test" });
        var form = await root.PageAsync("/platform/tenants/new");
        var refused = await Html.ParseAsync(await root.SubmitAsync(form, "[data-testid=new-workspace]", PageTestExtensions.Form(("Slug", slug), ("Name", "X"), ("AdminEmail", "x@example.test"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await SessionTestExtensions.CodeOf(response));
        Assert.Contains("kept for encoded (xn--) names", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("kept for encoded (xn--) names", refused.Text("[data-testid=slug-error]"), StringComparison.Ordinal);
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
    public async Task WithSelfServiceOnTheWorkspaceAndItsAdminExistOnlyOnceTheAdminConfirmsTheAddress()
    {
        await WithSelfServiceAsync(async () =>
        {
            var visitor = App.PlatformClient();

            var form = await visitor.PageAsync("/start");
            var reserved = await visitor.SubmitAsync(form, "main form", PageTestExtensions.Form(("Slug", "admin"), ("Name", "A"), ("AdminName", "A"), ("AdminEmail", "a@a.test"), ("Password", Password)));
            var sent = await Html.ParseAsync(await visitor.SubmitAsync(form, "main form", PageTestExtensions.Form(("Slug", "hooli"), ("Name", "Hooli"), ("AdminName", "Gavin"), ("AdminEmail", "gavin@hooli.test"), ("Password", Password))));
            var tenantsBeforeConfirming = await App.QueryAsync(db => db.Tenants.CountAsync(t => t.Slug == "hooli"));
            var usersBeforeConfirming = await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "gavin@hooli.test"));
            var mail = await App.SingleMailToAsync("gavin@hooli.test");
            var confirmPage = await visitor.PageAsync(mail.SingleLinkPath());
            var tenantsAfterOpening = await App.QueryAsync(db => db.Tenants.CountAsync(t => t.Slug == "hooli"));
            var confirmed = await Html.ParseAsync(await visitor.SubmitAsync(confirmPage, "main form"));
            var again = await Html.ParseAsync(await visitor.SubmitAsync(confirmPage, "main form"));
            var admin = App.Client("hooli");
            var signIn = await admin.SignInAsync("gavin@hooli.test", Password);

            Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
            Assert.Contains("gavin@hooli.test", sent.Text("[data-testid=sent]"));
            Assert.Equal(0, tenantsBeforeConfirming);
            Assert.Equal(0, usersBeforeConfirming);
            Assert.Equal("[Hooli] Confirm your e-mail address to create Hooli", mail.Subject);
            Assert.StartsWith("http://localhost/start/confirm?token=", Assert.Single(mail.Links()).ToString());
            Assert.Equal("Hooli", confirmPage.Text("[data-testid=workspace]"));
            Assert.Equal(0, tenantsAfterOpening);
            Assert.Contains("Hooli is ready", confirmed.Text("[data-testid=created]"));
            Assert.Equal("http://hooli.localhost/sign-in?reason=WORKSPACE_CREATED", confirmed.QuerySelector("[data-testid=sign-in-link]")!.GetAttribute("href"));
            Assert.Contains("This link is invalid or has expired", again.Text("[data-testid=notice]"));
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Equal("TenantAdmin", (await admin.GetSessionAsync()).GetProperty("user").GetProperty("role").GetString());
            Assert.True((await App.UserAsync("gavin@hooli.test")).EmailConfirmed);
            Assert.Equal(JoinPolicy.InviteOnly, (await App.TenantAsync("hooli")).JoinPolicy);
        });
    }

    [Fact]
    public async Task WithSelfServiceASlugReservedForEncodingIsRefusedWithAClearMessage()
    {
        await WithSelfServiceAsync(async () =>
        {
            var visitor = App.PlatformClient();

            var refused = await visitor.SubmitAsync(await visitor.PageAsync("/start"), "main form", PageTestExtensions.Form(("Slug", "xn--bcher-kva"), ("Name", "B"), ("AdminName", "B"), ("AdminEmail", "b@b.test"), ("Password", Password)));

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("kept for encoded (xn--) names", (await Html.ParseAsync(refused)).DocumentElement.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WithSelfServiceAnUnconfirmedAdminCannotSignInAndASlugTakenMeanwhileIsRefusedAtConfirmation()
    {
        await WithSelfServiceAsync(async () =>
        {
            await StartAsync(("Slug", "hooli"), ("Name", "Hooli"), ("AdminName", "Gavin"), ("AdminEmail", "gavin@hooli.test"), ("Password", Password));
            await StartAsync(("Slug", "hooli"), ("Name", "Hooli 2"), ("AdminName", "Erlich"), ("AdminEmail", "erlich@aviato.test"), ("Password", Password));
            var gavin = (await App.SingleMailToAsync("gavin@hooli.test")).SingleLinkPath();
            var erlich = (await App.SingleMailToAsync("erlich@aviato.test")).SingleLinkPath();
            var unconfirmed = await App.Client("hooli").SignInAsync("gavin@hooli.test", Password);

            var visitor = App.PlatformClient();
            var first = await visitor.SubmitAsync(await visitor.PageAsync(erlich), "main form");
            var second = await visitor.SubmitAsync(await visitor.PageAsync(gavin), "main form");

            Assert.NotEqual(HttpStatusCode.OK, unconfirmed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
            Assert.Contains("'hooli' is taken", (await Html.ParseAsync(second)).Text("[data-testid=notice]"));
            Assert.Equal("Hooli 2", (await App.TenantAsync("hooli")).Name);
            Assert.False(await App.QueryAsync(db => db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == "gavin@hooli.test")));
        });
    }

    private async Task StartAsync(params (string Name, string Value)[] fields)
    {
        var visitor = App.PlatformClient();
        var sent = await visitor.SubmitAsync(await visitor.PageAsync("/start"), "main form", PageTestExtensions.Form(fields));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
    }

    private async Task WithSelfServiceAsync(Func<Task> test)
    {
        var configuration = App.Services.GetRequiredService<IConfiguration>();
        configuration["Tenancy:SelfServiceSignUp"] = "true";
        try
        {
            await test();
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
