using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using static TenantSessions.Web.IntegrationTests.Infrastructure.PageTestExtensions;
using static TenantSessions.Web.IntegrationTests.Infrastructure.SessionTestExtensions;

namespace TenantSessions.Web.IntegrationTests.Account;

/// <summary>
/// Issue 23, item 4 (ADR-030): Better Auth's <c>change-email</c> (a link to the new address, a one-click undo for the
/// old one, a taken address answered like a free one) and <c>update-user</c> (the name).
/// </summary>
public abstract class EmailChangeTests(AppFixture app) : IntegrationTest(app)
{
    private const string NewAddress = "bob.new@acme.test";
    private const string Confirm = "form[action^='/confirm-email-change']";
    private const string Undo = "form[action^='/undo-email-change']";

    [Fact]
    public async Task TheLinkToTheNewAddressMovesTheAccountAndTheOldAddressCanUndoItOnce()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);

        var asked = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = NewAddress, callbackURL = "/account/profile?email=changed" });

        Assert.Equal("""{"status":true}""", await asked.Content.ReadAsStringAsync());
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);
        var link = (await App.SingleMailToAsync(NewAddress, "Confirm your new e-mail address")).SingleLinkPath();
        Assert.StartsWith("/confirm-email-change?token=", link);
        var page = await bob.PageAsync(link);
        Assert.Equal(NewAddress, page.Text("[data-testid=to]"));
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);

        var confirmed = await bob.SubmitAsync(page, Confirm);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/account/profile?email=changed", confirmed.Location());
        Assert.Equal(NewAddress, (await bob.GetSessionAsync()).GetProperty("user").GetProperty("email").GetString());
        var again = await bob.SubmitAsync(page, Confirm);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync(NewAddress)).StatusCode);

        var notice = await App.SingleMailToAsync("bob@acme.test", "Your e-mail address was changed");
        Assert.Contains(NewAddress, notice.TextBody);
        var undoLink = notice.SingleLinkPath();
        Assert.StartsWith("/undo-email-change?token=", undoLink);
        var stranger = App.Client("acme");
        var undoPage = await stranger.PageAsync(undoLink);
        var undone = await stranger.SubmitAsync(undoPage, Undo);

        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var html = await Html.ParseAsync(undone);
        Assert.Contains("Your address is back", html.Text("[data-testid=undone]"));
        Assert.Equal("/forgot-password", html.QuerySelector("[data-testid=reset-password]")!.GetAttribute("href"));
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/list-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/list-sessions")).StatusCode);
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        Assert.Equal(0, await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().CountAsync(s => s.UserId == bobId && s.RevokedAt == null)));
        Assert.True(await App.QueryAsync(db => db.Sessions.IgnoreQueryFilters().AnyAsync(s => s.UserId == bobId && s.RevokeReason == RevokeReasons.EmailChangeUndone)));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.EmailChangeUndone && e.TargetUserId == bobId)));
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.SubmitAsync(undoPage, Undo)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await App.Client("acme").SignInAsync(NewAddress)).StatusCode);
    }

    [Fact]
    public async Task ATakenAddressIsAnsweredExactlyLikeAFreeOneAndItsOwnerIsTold()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;

        var free = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = NewAddress });
        var taken = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = "alice@acme.test" });

        Assert.Equal(free.StatusCode, taken.StatusCode);
        Assert.Equal(await free.Content.ReadAsStringAsync(), await taken.Content.ReadAsStringAsync());
        Assert.Equal(2, await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().CountAsync(t => t.UserId == bobId && t.Purpose == AccountTokenPurpose.EmailChange)));
        var told = await App.SingleMailToAsync("alice@acme.test", "Someone tried to move an account to your address");
        Assert.Empty(told.Links());
        Assert.Equal("bob@acme.test", (await App.UserAsync("bob@acme.test")).Email);
        Assert.Equal("alice@acme.test", (await App.UserAsync("alice@acme.test")).Email);
    }

    [Fact]
    public async Task TheSameAddressAMalformedOneAStaleSessionAndAnIdentityProviderAccountAreRefusedClearly()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var before = await App.SnapshotAsync();

        var same = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = "BOB@acme.test" });
        var malformed = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = "not an address" });
        var noBody = await bob.PostJsonAsync("/api/auth/change-email", null);
        var anonymous = await App.Client("acme").PostJsonAsync("/api/auth/change-email", new { newEmail = NewAddress });

        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Equal("EMAIL_IS_THE_SAME", await CodeOf(same));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        await App.QueryAsync(db =>
        {
            db.Set<IdentityUserLogin<Guid>>().Add(new IdentityUserLogin<Guid> { LoginProvider = "sso-test", ProviderKey = "bob-subject", ProviderDisplayName = "Acme IdP", UserId = bobId });
            return db.SaveChangesAsync();
        });
        var sso = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = NewAddress });
        Assert.Equal(HttpStatusCode.BadRequest, sso.StatusCode);
        Assert.Equal("EMAIL_MANAGED_BY_IDENTITY_PROVIDER", await CodeOf(sso));
        Assert.Contains("Acme IdP", await sso.Content.ReadAsStringAsync());

        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var stale = await bob.PostJsonAsync("/api/auth/change-email", new { newEmail = NewAddress });
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal("SESSION_NOT_FRESH", await CodeOf(stale));
        await App.DeliverEmailsAsync();
        Assert.Empty(App.Mail.To(NewAddress));
    }

    [Fact]
    public async Task UpdateUserChangesTheNameEverywhereAndRefusesTheAddress()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        await bob.WarmCacheAsync(App);

        var renamed = await bob.PostJsonAsync("/api/auth/update-user", new { name = "  Robert Martin " });
        var email = await bob.PostJsonAsync("/api/auth/update-user", new { name = "X", email = NewAddress });
        var nothing = await bob.PostJsonAsync("/api/auth/update-user", new { });
        var blank = await bob.PostJsonAsync("/api/auth/update-user", new { name = "   " });

        Assert.Equal("""{"status":true}""", await renamed.Content.ReadAsStringAsync());
        Assert.Equal("Robert Martin", (await bob.GetSessionAsync()).GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("EMAIL_CAN_NOT_BE_UPDATED", await CodeOf(email));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal("Robert Martin", (await App.UserAsync("bob@acme.test")).DisplayName);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.NameChanged)));
    }

    [Fact]
    public async Task TheProfilePageSaysErrorsBesideTheFieldAndSendsTheLink()
    {
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var page = await bob.PageAsync("/account/profile");
        Assert.Equal("bob@acme.test", page.Text("[data-testid=current-email]"));

        var wrong = await bob.SubmitAsync(page, "[data-testid=change-email]", Form(("NewEmail", "bob@acme.test")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("This is already your e-mail address.", (await Html.ParseAsync(wrong)).Text("[data-testid=new-email-error]"));
        var blankName = await bob.SubmitAsync(page, "[data-testid=change-name]", Form(("Name", " ")));
        Assert.Contains("Enter your name", (await Html.ParseAsync(blankName)).Text("[data-testid=name-error]"));

        var sent = await bob.SubmitAndFollowAsync(page, "[data-testid=change-email]", Form(("NewEmail", NewAddress)));
        Assert.Contains($"We sent a link to {NewAddress}", sent.Text("main"));
        Assert.Single((await App.SingleMailToAsync(NewAddress)).Links());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEmailChangeTests(SqliteAppFixture app) : EmailChangeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEmailChangeTests(PostgresAppFixture app) : EmailChangeTests(app);
