using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TenantSessions.Application.Email.Commands.DeliverEmails;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

public static partial class EmailTestExtensions
{
    /// <summary>One run of the outbox job, as Hangfire would start it (the test apps run no Hangfire server).</summary>
    public static async Task<EmailDeliveryResult> DeliverEmailsAsync(this AppFixture app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeliverEmailsCommand());
    }

    /// <summary>Delivers the outbox and returns the one message sent to <paramref name="address"/> (whose subject contains <paramref name="about"/>).</summary>
    public static async Task<MimeMessage> SingleMailToAsync(this AppFixture app, string address, string about = "")
    {
        await app.DeliverEmailsAsync();
        return Assert.Single(app.Mail.To(address), m => (m.Subject ?? "").Contains(about, StringComparison.Ordinal));
    }

    /// <summary>
    /// Signs someone up the way a person does: the sign-up form's request, the verification e-mail, the link confirmed
    /// (which signs <paramref name="client"/> in). The workspace must accept the address (see <see cref="OpenAsync"/>).
    /// </summary>
    public static async Task SignUpVerifiedAsync(this AppFixture app, TestClient client, string name, string email, string password)
    {
        var response = await client.PostJsonAsync("/api/auth/sign-up/email", new { name, email, password });
        Assert.True(response.IsSuccessStatusCode, $"sign-up of {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await app.DeliverEmailsAsync();
        var mail = app.Mail.To(email).Last(m => (m.Subject ?? "").Contains("Confirm your e-mail address", StringComparison.Ordinal));
        var token = mail.SingleLinkPath().Split("token=")[1];
        var verified = await client.PostJsonAsync("/api/auth/verify-email", new { token });
        Assert.True(verified.IsSuccessStatusCode, $"verification of {email}: {(int)verified.StatusCode} {await verified.Content.ReadAsStringAsync()}");
    }

    /// <summary>Lets anyone sign up on the workspace (its join policy becomes open).</summary>
    public static Task OpenAsync(this AppFixture app, string slug) => app.QueryAsync(async db =>
    {
        var tenant = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Tenants, t => t.Slug == slug);
        tenant.ChangeJoinPolicy(TenantSessions.Domain.Tenants.JoinPolicy.Open, []);
        return await db.SaveChangesAsync();
    });

    /// <summary>The links of the plain-text part, which must also appear in the HTML part.</summary>
    public static IReadOnlyList<Uri> Links(this MimeMessage message)
    {
        var text = message.TextBody ?? "";
        var links = LinkPattern().Matches(text).Select(m => new Uri(m.Value)).ToList();
        foreach (var link in links)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(link.OriginalString), message.HtmlBody ?? "");
        }

        return links;
    }

    /// <summary>Path and query of the message's one link (the test clients talk to the test server by path).</summary>
    public static string SingleLinkPath(this MimeMessage message) => Assert.Single(message.Links()).PathAndQuery;

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}
