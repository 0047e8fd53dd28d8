using TenantSessions.Web.IntegrationTests.Hardening;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Membership;

/// <summary>
/// The new-sign-in notice also fires for a new country: real public addresses arrive through the trusted proxy's
/// <c>X-Forwarded-For</c> (as behind a load balancer) and are located with the bundled country database.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class NewCountryNoticeTests(EdgeAppFixture app) : IntegrationTest(app)
{
    private const string UnitedStates = "8.8.8.8";
    private const string AlsoUnitedStates = "8.8.4.4";
    private const string Germany = "193.99.144.80";
    private const string LocalNetwork = "10.1.2.3";

    [Fact]
    public async Task ASignInFromTheSameDeviceInANewCountryIsReportedOnceAndAnotherAddressInAKnownCountryIsNot()
    {
        await From(UnitedStates).SignInOkAsync("bob@acme.test");
        await From(AlsoUnitedStates).SignInOkAsync("bob@acme.test");
        await From(LocalNetwork).SignInOkAsync("bob@acme.test");
        await App.DeliverEmailsAsync();
        var fromKnownCountries = App.Mail.To("bob@acme.test").Count;

        await From(Germany).SignInOkAsync("bob@acme.test");
        var notice = await App.SingleMailToAsync("bob@acme.test", "New sign-in");
        await From(Germany).SignInOkAsync("bob@acme.test");
        await App.DeliverEmailsAsync();

        Assert.Equal(0, fromKnownCountries);
        Assert.Equal("[Acme Corp] New sign-in to your account", notice.Subject);
        Assert.Contains($"from a new country: Firefox on Linux, Germany (address {Germany}), on {App.Clock.GetUtcNow():d MMM yyyy} at ", notice.TextBody);
        Assert.Contains(" UTC.", notice.TextBody);
        Assert.Equal("http://acme.localhost/account/security", Assert.Single(notice.Links()).ToString());
        Assert.Single(App.Mail.To("bob@acme.test"));
    }

    [Fact]
    public async Task AFirstSignInFromAPublicAddressAfterOnlyLocalOnesIsANewCountryButNotTheOtherWayRound()
    {
        await From(Germany).SignInOkAsync("alice@acme.test");
        await From(LocalNetwork).SignInOkAsync("alice@acme.test");
        await App.DeliverEmailsAsync();
        var afterLocal = App.Mail.To("alice@acme.test").Count;

        await From(UnitedStates).SignInOkAsync("alice@acme.test");
        var notice = await App.SingleMailToAsync("alice@acme.test", "New sign-in");

        Assert.Equal(0, afterLocal);
        Assert.Contains("United States", notice.TextBody);
    }

    [Fact]
    public async Task TheNoticeTurnedOffStaysOffForANewCountry()
    {
        await App.QueryAsync(async db =>
        {
            var bob = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Users), u => u.Email == "bob@acme.test");
            bob.NewSignInNotices = false;
            return await db.SaveChangesAsync();
        });

        await From(UnitedStates).SignInOkAsync("bob@acme.test");
        await From(Germany).SignInOkAsync("bob@acme.test");
        await App.DeliverEmailsAsync();

        Assert.Empty(App.Mail.To("bob@acme.test"));
    }

    private TestClient From(string clientAddress)
    {
        var client = new TestClient(App, "acme.localhost") { Address = EdgeAppFixture.Proxy };
        client.Headers["X-Forwarded-For"] = clientAddress;
        return client;
    }
}
