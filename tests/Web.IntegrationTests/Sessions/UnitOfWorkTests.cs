using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Domain.Users;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Sessions;

/// <summary>
/// Every command commits once: its rows, feed entries and audit events in one transaction. The audit event is the last
/// write of each of these commands; making it fail must leave nothing half done (ASVS 7.4.3 for the password change).
/// </summary>
public abstract class UnitOfWorkTests(AppFixture app) : IntegrationTest(app)
{
    private const string AuditInsert = "INSERT INTO \"AuditEvents\"";
    private const string NewPassword = "N3w-passw0rd!";

    [Fact]
    public async Task APasswordChangeWhoseLastWriteFailsChangesNeitherThePasswordNorAnySession()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var laptopToken = laptop.SessionToken;
        var phoneId = await phone.SessionIdAsync();

        HttpResponseMessage failed;
        using (App.Writes.FailCommandsContaining(AuditInsert))
        {
            failed = await laptop.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = NewPassword, revokeOtherSessions = true });
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Null((await App.SessionRowAsync(phoneId)).RevokedAt);
        Assert.Equal(laptopToken, laptop.SessionToken);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("bob@acme.test", NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Replay(laptop, laptopToken, null).GetAsync("/api/auth/get-session")).StatusCode);
    }

    [Fact]
    public async Task AFeedEntryCarriesTheInstantItsCommandCommitsNotTheInstantItWasStaged()
    {
        var bob = await App.UserAsync("bob@acme.test");
        var stagedAt = App.Clock.GetUtcNow();

        await App.CommitAsync((_, store) =>
        {
            store.UserChanged(bob.Id);
            App.Clock.Advance(TimeSpan.FromSeconds(30)); // a slow command: the commit comes long after the staging
            return Task.CompletedTask;
        });

        var entry = await App.QueryAsync(db => db.RevocationFeed.AsNoTracking().Where(e => e.TargetId == bob.Id).OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal((stagedAt + TimeSpan.FromSeconds(30)).UtcTicks / 10, entry.CreatedAt.UtcTicks / 10);
    }

    [Fact]
    public async Task APasswordChangeCommitsOnceAndEndsTheOtherSessions()
    {
        var laptop = await App.SignedInAsync("acme", "bob@acme.test");
        var phone = await App.SignedInAsync("acme", "bob@acme.test");
        var phoneId = await phone.SessionIdAsync();
        var before = App.Writes.Saves;

        var changed = await laptop.PostJsonAsync("/api/auth/change-password", new { currentPassword = TestClient.DemoPassword, newPassword = NewPassword, revokeOtherSessions = true });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, App.Writes.Saves - before);
        Assert.NotNull((await App.SessionRowAsync(phoneId)).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await App.Client("acme").SignInAsync("bob@acme.test", NewPassword)).StatusCode);
    }

    [Fact]
    public async Task ASignUpWhoseLastWriteFailsLeavesNoTokenNoMessageAndNoAccount()
    {
        const string email = "new.member@acme.test";

        HttpResponseMessage failed;
        using (App.Writes.FailCommandsContaining("INSERT INTO \"EmailOutbox\""))
        {
            failed = await App.Client("acme").PostJsonAsync("/api/auth/sign-up/email", new { name = "New Member", email, password = NewPassword });
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.False(await App.QueryAsync(db => db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == email)));
        Assert.Equal(0, await App.QueryAsync(db => db.AccountTokens.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await App.QueryAsync(db => db.EmailOutbox.CountAsync()));
        var before = App.Writes.Saves;
        var signedUp = await App.Client("acme").PostJsonAsync("/api/auth/sign-up/email", new { name = "New Member", email, password = NewPassword });
        Assert.Equal(HttpStatusCode.OK, signedUp.StatusCode);
        Assert.Equal(1, App.Writes.Saves - before);
        Assert.Equal(1, await App.QueryAsync(db => db.EmailOutbox.CountAsync()));
    }

    [Fact]
    public async Task AStepUpWhoseLastWriteFailsKeepsTheOldTokenAndFreshness()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var token = alice.SessionToken;
        var id = await alice.SessionIdAsync();
        var row = await App.SessionRowAsync(id);
        App.Clock.Advance(TimeSpan.FromHours(2));

        HttpResponseMessage failed;
        using (App.Writes.FailCommandsContaining(AuditInsert))
        {
            failed = await alice.PostJsonAsync("/api/auth/reauthenticate", new { password = TestClient.DemoPassword });
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var after = await App.SessionRowAsync(id);
        Assert.Equal(row.TokenHash, after.TokenHash);
        Assert.Equal(row.AuthenticatedAt, after.AuthenticatedAt);
        Assert.Equal(token, alice.SessionToken);
    }

    [Fact]
    public async Task ABanWhoseLastWriteFailsNeitherBansNorEndsSessions()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        var bob = await App.SignedInAsync("acme", "bob@acme.test");
        var bobId = (await App.UserAsync("bob@acme.test")).Id;
        var bobSession = await bob.SessionIdAsync();

        HttpResponseMessage failed;
        using (App.Writes.FailCommandsContaining(AuditInsert))
        {
            failed = await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId });
        }

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.False(Bans.IsBanned((await App.UserAsync("bob@acme.test")).LockoutEnd));
        Assert.Null((await App.SessionRowAsync(bobSession)).RevokedAt);
        var before = App.Writes.Saves;
        Assert.Equal(HttpStatusCode.OK, (await alice.PostJsonAsync("/api/auth/admin/ban-user", new { userId = bobId })).StatusCode);
        Assert.Equal(1, App.Writes.Saves - before);
        Assert.NotNull((await App.SessionRowAsync(bobSession)).RevokedAt);
    }

    [Fact]
    public async Task TheDeviceCapRecordsTheWorkspacePolicyAsWhoEndedTheSession()
    {
        var alice = await App.SignedInAsync("acme", "alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await alice.PutJsonAsync("/api/auth/admin/session-policy", new { maxConcurrentSessions = 1 })).StatusCode);
        var first = await App.SignedInAsync("acme", "bob@acme.test");
        var firstId = await first.SessionIdAsync();

        await App.SignedInAsync("acme", "bob@acme.test");

        var ended = await App.SessionRowAsync(firstId);
        Assert.Equal("CONCURRENCY_LIMIT", ended.RevokeReason);
        var audit = await App.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.TargetSessionId == firstId && e.Action == "session.revoked"));
        Assert.Null(audit.ActorUserId);
        Assert.Contains("Workspace policy", audit.Detail, StringComparison.Ordinal);
        var history = await alice.GetAsync($"/admin/members/{(await App.UserAsync("bob@acme.test")).Id}");
        Assert.Contains("Workspace policy", await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteUnitOfWorkTests(SqliteAppFixture app) : UnitOfWorkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresUnitOfWorkTests(PostgresAppFixture app) : UnitOfWorkTests(app);
