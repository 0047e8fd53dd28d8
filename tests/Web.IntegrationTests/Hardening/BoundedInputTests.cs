using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Security case 29 (issue 20's high finding): what an anonymous caller types is bounded before anything is kept. A
/// 20,000,000-character e-mail on sign-in used to leave two upper-cased copies of itself in the throttle's keys; now the
/// validator refuses it first, and the keys the throttle does keep are a fixed-size hash whatever was typed. Every command
/// that takes an address refuses what MimeKit could not send to, and look-alike or invisible characters.
/// </summary>
public abstract class BoundedInputTests(AppFixture app) : IntegrationTest(app)
{
    private SignInThrottle Throttle => App.Services.GetRequiredService<SignInThrottle>();

    [Fact]
    public async Task AHugeEmailOnSignInIsRefusedBeforeTheThrottleKeepsAnything()
    {
        var client = App.Client("acme");

        var response = await client.PostJsonAsync("/api/auth/sign-in/email", new { email = new string('a', 20_000_000) + "@acme.test", password = "wrong" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await CodeOf(response));
        Assert.Equal(0, Throttle.TrackedKeys);
    }

    [Fact]
    public async Task TheThrottleKeepsAFixedSizeKeyWhateverAddressWasTyped()
    {
        var client = App.Client("acme");
        var shortAddress = await client.SignInAsync("x@acme.test", "wrong");
        var shortest = Throttle.LongestKey;
        var longAddress = await client.SignInAsync(new string('y', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('z', 60), 3)) + ".test", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, shortAddress.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, longAddress.StatusCode);
        Assert.Equal(4, Throttle.TrackedKeys);
        Assert.Equal(shortest, Throttle.LongestKey);
    }

    [Fact]
    public async Task AHugePasswordOnSignInIsRefusedWithoutAKey()
    {
        var response = await App.Client("acme").SignInAsync("bob@acme.test", new string('p', 1_000_000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Throttle.TrackedKeys);
    }

    [Fact]
    public async Task TheSignInPageShowsTheAddressErrorBesideTheFieldAndKeepsNothing()
    {
        var client = App.Client("acme");
        var page = await client.PageAsync("/sign-in");

        var answer = await Html.SubmitAsync(client, page, "main form", PageTestExtensions.Form(("Input.Email", new string('a', 100_000) + "@acme.test"), ("Input.Password", "wrong")), "/sign-in");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var shown = await Html.ParseAsync(answer);
        Assert.Contains("Enter a valid e-mail address.", shown.QuerySelector("[data-testid=errors]")!.TextContent);
        Assert.Equal(0, Throttle.TrackedKeys);
    }

    [Theory]
    [InlineData("<b>x</b>@acme.test")]
    [InlineData("a b@acme.test")]
    [InlineData("a\u0000b@acme.test")]
    [InlineData("\u0430lice@acme.test")]
    [InlineData("al\u200Bice@acme.test")]
    [InlineData("Alice <alice2@acme.test>")]
    public async Task SignUpRefusesAnAddressMimeKitCannotSendToOrThatLooksLikeAnother(string address)
    {
        var response = await App.Client("acme").PostJsonAsync("/api/auth/sign-up/email", new { name = "Mallory", email = address, password = "Sup3r-secret!" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await CodeOf(response));
        Assert.Equal(0, await App.QueryAsync(db => db.EmailOutbox.IgnoreQueryFilters().CountAsync()));
    }

    [Theory]
    [InlineData("<b>x</b>@example.test")]
    [InlineData("a b@example.test")]
    [InlineData("\u0430lice@example.test")]
    [InlineData("gi\u200Bna@example.test")]
    public async Task AnInvitationToSuchAnAddressIsRefusedAndWritesNoMessage(string address)
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");

        var response = await alice.PostJsonAsync("/api/auth/admin/invitations", new { email = address, role = "Member" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.QueryAsync(db => db.EmailOutbox.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task AnInternationalisedDomainIsAcceptedInItsIdnaForm()
    {
        var response = await App.Client("acme").PostJsonAsync("/api/auth/request-password-reset", new { email = "someone@xn--bcher-kva.example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBoundedInputTests(SqliteAppFixture app) : BoundedInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBoundedInputTests(PostgresAppFixture app) : BoundedInputTests(app);
