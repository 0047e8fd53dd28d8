using Microsoft.EntityFrameworkCore;
using MimeKit;
using TenantSessions.Application.Email;
using TenantSessions.Web.IntegrationTests.Infrastructure;

namespace TenantSessions.Web.IntegrationTests.Email;

public abstract class EmailOutboxTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task AQueuedMessageIsSentOnceWithPlainTextAndHtmlParts()
    {
        var queued = await QueueAsync(1, "erin@acme.test");

        var first = await App.DeliverEmailsAsync();
        var second = await App.DeliverEmailsAsync();

        Assert.Equal(1, first.Sent);
        Assert.Equal(0, second.Sent);
        var mail = Assert.Single(App.Mail.Received);
        Assert.Equal("[Acme Corp] Reset your password", mail.Subject);
        Assert.Equal($"{queued[0]:N}@tenantsessions", mail.MessageId);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType).ToArray());
        Assert.Contains("http://acme.localhost/reset-password?token=abc", mail.TextBody);
        Assert.Contains("href=\"http://acme.localhost/reset-password?token=abc\"", mail.HtmlBody);
        var row = await App.QueryAsync(db => db.EmailOutbox.AsNoTracking().SingleAsync());
        Assert.NotNull(row.SentAt);
        Assert.Null(row.ClaimId);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task WhileTheMailServerIsDownMessagesWaitAndWhenItIsBackEachIsDeliveredExactlyOnce()
    {
        App.Mail.Stop();
        try
        {
            var queued = await QueueAsync(3, "erin@acme.test");

            var whileDown = await App.DeliverEmailsAsync();
            var tooSoon = await App.DeliverEmailsAsync();

            Assert.Equal(0, whileDown.Sent);
            Assert.True(whileDown.Failed > 0);
            Assert.Equal(0, tooSoon.Sent + tooSoon.Failed);
            var rows = await App.QueryAsync(db => db.EmailOutbox.AsNoTracking().ToListAsync());
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Null(r.SentAt));
            Assert.Contains(rows, r => r.Attempts == 1 && r.LastError is not null && r.NextAttemptAt > App.Clock.GetUtcNow());

            App.Clock.Advance(TimeSpan.FromMinutes(1));
            App.Mail.Start();
            await App.DeliverEmailsAsync();
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            await App.DeliverEmailsAsync();
            App.Clock.Advance(TimeSpan.FromHours(2));
            await App.DeliverEmailsAsync();

            Assert.Equal(queued.Select(id => $"{id:N}@tenantsessions").Order(), App.Mail.Received.Select(m => m.MessageId).Order());
            Assert.All(await App.QueryAsync(db => db.EmailOutbox.AsNoTracking().ToListAsync()), r => Assert.NotNull(r.SentAt));
        }
        finally
        {
            App.Mail.Stop();
            App.Mail.Start();
        }
    }

    [Fact]
    public async Task OverlappingDeliveryRunsNeverSendAMessageTwice()
    {
        var queued = await QueueAsync(30, "erin@acme.test");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(App.DeliverEmailsAsync)));

        Assert.Equal(30, runs.Sum(r => r.Sent));
        Assert.Equal(queued.Select(id => $"{id:N}@tenantsessions").Order(), App.Mail.Received.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task AMessageThatKeepsFailingIsDeadAfterTheLastAttemptAndNeverTriedAgain()
    {
        var maxAttempts = new OutboxOptions().MaxAttempts;
        App.Mail.Stop();
        try
        {
            var queued = Assert.Single(await QueueAsync(1, "erin@acme.test"));

            for (var run = 0; run < maxAttempts + 3; run++)
            {
                await App.DeliverEmailsAsync();
                App.Clock.Advance(TimeSpan.FromHours(2));
            }

            var row = await App.QueryAsync(db => db.EmailOutbox.AsNoTracking().SingleAsync(m => m.Id == queued));
            Assert.Equal(maxAttempts, row.Attempts);
            Assert.NotNull(row.DeadAt);
            Assert.Null(row.SentAt);
            Assert.NotNull(row.LastError);

            App.Mail.Start();
            var afterwards = await App.DeliverEmailsAsync();

            Assert.Equal(0, afterwards.Sent + afterwards.Failed);
            Assert.Empty(App.Mail.Received);
        }
        finally
        {
            App.Mail.Stop();
            App.Mail.Start();
        }
    }

    [Fact]
    public async Task AMessageToAnAddressThatCannotBeParsedIsDeadAtOnce()
    {
        var queued = Assert.Single(await QueueAsync(1, "erin@"));

        var first = await App.DeliverEmailsAsync();
        App.Clock.Advance(TimeSpan.FromHours(2));
        var later = await App.DeliverEmailsAsync();

        Assert.Equal(1, first.Failed);
        Assert.Equal(0, later.Sent + later.Failed);
        var row = await App.QueryAsync(db => db.EmailOutbox.AsNoTracking().SingleAsync(m => m.Id == queued));
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.DeadAt);
        Assert.StartsWith(nameof(UndeliverableEmailException), row.LastError, StringComparison.Ordinal);
    }

    private async Task<List<Guid>> QueueAsync(int count, string to)
    {
        var acme = await App.TenantAsync("acme");
        var now = App.Clock.GetUtcNow();
        var messages = Enumerable.Range(0, count)
            .Select(_ => AccountEmails.PasswordReset(acme.Id, acme.Name, to, "http://acme.localhost/reset-password?token=abc", now, TimeSpan.FromHours(1)))
            .ToList();
        await App.QueryAsync(async db =>
        {
            db.EmailOutbox.AddRange(messages);
            return await db.SaveChangesAsync();
        });
        return messages.Select(m => m.Id).ToList();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEmailOutboxTests(SqliteAppFixture app) : EmailOutboxTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEmailOutboxTests(PostgresAppFixture app) : EmailOutboxTests(app);
