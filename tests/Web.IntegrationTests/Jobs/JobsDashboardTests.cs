using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using TenantSessions.Infrastructure.Jobs;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Jobs;

public abstract partial class JobsDashboardTests(AppFixture app) : IntegrationTest(app)
{
    private JobStorage Storage => App.Services.GetRequiredService<JobStorage>();

    [Fact]
    public void ThePurgeIsARecurringJobOnTheConfiguredSchedule()
    {
        using var connection = Storage.GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "sessions:purge");

        Assert.Equal(AppFixture.PurgeCron, job.Cron);
        Assert.Equal(typeof(SessionPurgeJob), job.Job.Type);
        Assert.Equal(nameof(SessionPurgeJob.RunAsync), job.Job.Method.Name);
        Assert.Equal("UTC", job.TimeZoneId);
    }

    [Fact]
    public async Task TheDashboardSendsAnonymousVisitorsToSignIn()
    {
        var platform = App.PlatformClient();

        var response = await platform.GetAsync("/platform/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fplatform%2Fjobs", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("bob@acme.test")]
    [InlineData("alice@acme.test")]
    public async Task TheDashboardDoesNotExistForTenantMembersAndAdmins(string email)
    {
        var acme = App.Client("acme");
        await acme.SignInOkAsync(email);

        var home = await acme.GetAsync("/platform/jobs");
        var recurring = await acme.GetAsync("/platform/jobs/recurring");

        Assert.Equal(HttpStatusCode.NotFound, home.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, recurring.StatusCode);
        Assert.DoesNotContain("sessions:purge", await recurring.Content.ReadAsStringAsync());
    }

    /// <summary>Issue 20, finding 4: on a workspace host every <c>/platform/*</c> path is a 404, not a 302 to sign in or a 403.</summary>
    [Theory]
    [InlineData("/platform/jobs")]
    [InlineData("/platform/jobs/recurring")]
    [InlineData("/platform/metrics")]
    [InlineData("/platform/tenants")]
    [InlineData("/platform/nothing-at-all")]
    public async Task PlatformPathsAreNotFoundOnAWorkspaceHostForAnonymousVisitors(string path)
    {
        var response = await App.Client("acme").GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("There is nothing here", (await Html.ParseAsync(response)).Text("h1"));
    }

    [Fact]
    public async Task TheDashboardAdmitsTheSuperadminOnThePlatformHost()
    {
        var platform = App.PlatformClient();
        await platform.SignInOkAsync("root@platform.test");

        var response = await platform.GetAsync("/platform/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("sessions:purge", html);
        Assert.Contains("TenantSessions jobs", html);
    }

    [Fact]
    public async Task DashboardActionsWithoutTheAntiforgeryTokenAreRefused()
    {
        var platform = App.PlatformClient();
        await platform.SignInOkAsync("root@platform.test");
        var page = await (await platform.GetAsync("/platform/jobs/recurring")).Content.ReadAsStringAsync();
        var (header, token) = AntiforgeryOf(page);
        var enqueuedBefore = EnqueuedCount();

        var forged = await platform.SendAsync(TriggerRequest());
        var afterForged = EnqueuedCount();
        var genuineRequest = TriggerRequest();
        genuineRequest.Headers.Add(header, token);
        var genuine = await platform.SendAsync(genuineRequest);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(enqueuedBefore, afterForged);
        Assert.Equal(HttpStatusCode.NoContent, genuine.StatusCode);
        Assert.Equal(enqueuedBefore + 1, EnqueuedCount());
    }

    [Fact]
    public async Task TheSuperadminQueuesAPurgeThroughThePlatformApi()
    {
        var platform = App.PlatformClient();
        await platform.SignInOkAsync("root@platform.test");

        var response = await platform.PostJsonAsync("/api/platform/jobs/purge", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString();
        using var connection = Storage.GetConnection();
        var job = connection.GetJobData(jobId!);
        Assert.Equal(typeof(SessionPurgeJob), job.Job.Type);
        Assert.Equal("Enqueued", job.State);
    }

    [Fact]
    public async Task TheSuperadminQueuesAPurgeFromTheTenantsPage()
    {
        var root = await App.SignedInAsync("", "root@platform.test");
        var page = await root.PageAsync("/platform/tenants");
        var enqueuedBefore = EnqueuedCount();

        var after = await root.SubmitAndFollowAsync(page, "form[action*='handler=Purge']");

        Assert.StartsWith("The purge is queued (job ", after.Text("[data-testid=flash]"), StringComparison.Ordinal);
        Assert.Equal(enqueuedBefore + 1, EnqueuedCount());
    }

    [Fact]
    public async Task OnlyTheSuperadminMayQueueAPurge()
    {
        var anonymous = App.PlatformClient();
        var admin = App.Client("acme");
        await admin.SignInOkAsync("alice@acme.test");
        var foreignOrigin = App.PlatformClient();
        await foreignOrigin.SignInOkAsync("root@platform.test");
        var enqueuedBefore = EnqueuedCount();

        var fromAnonymous = await anonymous.PostJsonAsync("/api/platform/jobs/purge", null);
        var fromTenantAdmin = await admin.PostJsonAsync("/api/platform/jobs/purge", null);
        var fromForeignOrigin = await foreignOrigin.PostJsonAsync("/api/platform/jobs/purge", null, origin: "http://acme.localhost");

        Assert.Equal(HttpStatusCode.Unauthorized, fromAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fromTenantAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromForeignOrigin.StatusCode);
        Assert.Equal(enqueuedBefore, EnqueuedCount());
    }

    private long EnqueuedCount() => Storage.GetMonitoringApi().EnqueuedCount("default");

    private static HttpRequestMessage TriggerRequest() => new(HttpMethod.Post, "/platform/jobs/recurring/trigger")
    {
        Content = new FormUrlEncodedContent([new("jobs[]", "sessions:purge")]),
    };

    private static (string Header, string Token) AntiforgeryOf(string html)
    {
        var header = AntiforgeryHeader().Match(html);
        var token = AntiforgeryToken().Match(html);
        Assert.True(header.Success && token.Success, "the dashboard page carries no antiforgery token");
        return (WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteJobsDashboardTests(SqliteAppFixture app) : JobsDashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresJobsDashboardTests(PostgresAppFixture app) : JobsDashboardTests(app);
