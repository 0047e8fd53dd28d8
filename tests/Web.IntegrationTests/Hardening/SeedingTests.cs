using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.IntegrationTests.Infrastructure;
using TenantSessions.Web.Setup;

namespace TenantSessions.Web.IntegrationTests.Hardening;

/// <summary>
/// Finding 1 of issue 11 (docs/security-requirements.md case 21): a Production start on an empty database seeds no account with a known
/// password and says how to create the first superadmin; <c>create-superadmin</c> does that from a password on stdin.
/// </summary>
public sealed class ProductionStartTests
{
    [Fact]
    public async Task AProductionStartOnAnEmptyDatabaseSeedsNothingAndSaysHowToCreateTheFirstSuperadmin()
    {
        var logs = new LogSink();

        await EmptyProductionApp.RunAsync(async factory =>
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

            Assert.Equal(0, await db.Users.IgnoreQueryFilters().CountAsync());
            Assert.Equal(0, await db.Tenants.CountAsync());
            var signIn = await factory.CreateClient().PostAsync("/api/auth/sign-in/email", System.Net.Http.Json.JsonContent.Create(new { email = "root@platform.test", password = "Passw0rd!" }));
            Assert.NotEqual(HttpStatusCode.OK, signIn.StatusCode);
        }, builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));

        Assert.Contains(logs.Lines, m => m.Contains("create-superadmin", StringComparison.Ordinal));
    }
}

public abstract class CreateSuperadminTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task CreateSuperadminMakesAPlatformAccountFromThePasswordOnStandardInput()
    {
        var output = new StringWriter();

        var exit = await SuperadminSetup.RunAsync(App.Services, ["create-superadmin", "--email", "ops@example.com"], new StringReader("A-long-Passphrase-1\n"), output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("Created platform superadmin ops@example.com", output.ToString(), StringComparison.Ordinal);
        var platform = App.PlatformClient();
        Assert.Equal(HttpStatusCode.OK, (await platform.SignInAsync("ops@example.com", "A-long-Passphrase-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("acme").SignInAsync("ops@example.com", "A-long-Passphrase-1")).StatusCode);
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Contains(Roles.PlatformSuperadmin, await users.GetRolesAsync((await App.UserAsync("ops@example.com"))));
    }

    [Theory]
    [InlineData("ops@example.com", "", "No password given")]
    [InlineData("ops@example.com", "short", "Could not create")]
    [InlineData("root@platform.test", "A-long-Passphrase-1", "already exists")]
    [InlineData("not-an-email", "A-long-Passphrase-1", "Usage:")]
    public async Task CreateSuperadminRefusesAndCreatesNothing(string email, string password, string message)
    {
        var output = new StringWriter();
        var before = await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync());

        var exit = await SuperadminSetup.RunAsync(App.Services, ["create-superadmin", "--email", email], new StringReader(password + "\n"), output, CancellationToken.None);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await App.QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCreateSuperadminTests(SqliteAppFixture app) : CreateSuperadminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCreateSuperadminTests(PostgresAppFixture app) : CreateSuperadminTests(app);
