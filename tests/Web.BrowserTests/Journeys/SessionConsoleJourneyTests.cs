using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Web.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSessions.Web.BrowserTests.Journeys;

/// <summary>
/// Issue 24, item 3: alice filters the session console to one country, ends the matches after the dialog names their
/// count, and finds the event in the audit log and in its export. Bob's sessions come from addresses the bundled
/// location database places in Germany and the United States (the browser itself connects from the local network).
/// </summary>
public sealed class SessionConsoleJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string Germany = "193.99.144.80";
    private const string UnitedStates = "8.8.8.8";

    private ILocator Dialog => Page.GetByTestId("confirm-dialog");

    [BrowserFact]
    public async Task AliceFiltersTheConsoleToOneCountryEndsTheMatchesAndFindsTheEventInTheAuditLogAndTheExport()
    {
        var german = await AddBobSessionsAsync(Germany, 2);
        var american = await AddBobSessionsAsync(UnitedStates, 1);
        await SignInAsync("acme", "alice@acme.test");
        await Expect(Page).ToHaveURLAsync(App.Url("acme", "/"));

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        await Expect(Page.GetByTestId("console-session")).ToHaveCountAsync(4);
        await Page.GetByLabel("Country code").FillAsync("DE");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("country=DE"));
        await Expect(Page.GetByTestId("console-session")).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("match-count")).ToHaveTextAsync("2 sessions match");
        await Expect(Page.GetByTestId("country")).ToHaveTextAsync(["Germany", "Germany"]);
        await CheckBothSizesAsync("1-filtered");

        await Page.GetByRole(AriaRole.Button, new() { Name = "End all 2 matches" }).ClickAsync();

        await Expect(Dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("End all 2 matching sessions?");
        await Expect(Dialog).ToContainTextAsync("Ends 2 sessions that match this filter. Their people will be told an administrator ended them.");
        await CheckBothSizesAsync("2-dialog");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "End 2 sessions" }).ClickAsync();

        await Expect(Page.GetByTestId("flash")).ToHaveTextAsync("Ended 2 sessions.");
        await Expect(Page.GetByTestId("no-sessions")).ToBeVisibleAsync();
        Assert.All(german, id => Assert.True(RowAsync(id).Result.IsRevoked));
        Assert.False((await RowAsync(american.Single())).IsRevoked);

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var logged = Page.Locator($"[data-testid=audit-event][data-action='{AuditActions.SessionsEndedFromConsole}']");
        await Expect(logged).ToHaveCountAsync(1);
        await Expect(logged).ToContainTextAsync("Sessions ended from the console");
        await Expect(logged).ToContainTextAsync("2 sessions ended from the console: all matches of country DE");
        await Expect(logged).ToContainTextAsync("Alice Admin");
        await Expect(Page.Locator($"[data-testid=audit-event][data-action='{AuditActions.SessionRevoked}']")).ToHaveCountAsync(2);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-csv").ClickAsync());

        Assert.Equal("audit-acme.csv", download.SuggestedFilename);
        var line = Assert.Single(File.ReadAllLines((await download.PathAsync())!), l => l.Contains(AuditActions.SessionsEndedFromConsole, StringComparison.Ordinal));
        Assert.Contains("alice@acme.test", line, StringComparison.Ordinal);
        Assert.Contains("2 sessions ended from the console: all matches of country DE", line, StringComparison.Ordinal);
    }

    private async Task<List<Guid>> AddBobSessionsAsync(string ipAddress, int count)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var bob = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == "bob@acme.test");
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = Enumerable.Range(0, count).Select(i => new Session(
            Guid.CreateVersion7(now), RandomNumberGenerator.GetBytes(32), bob.TenantId, bob.Id,
            new SessionLifetime(now - TimeSpan.FromHours(i + 1), now + TimeSpan.FromDays(1), now + TimeSpan.FromDays(20)),
            ipAddress, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux", isPersistent: true)).ToList();
        db.Sessions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    private async Task<Session> RowAsync(Guid id)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Sessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
