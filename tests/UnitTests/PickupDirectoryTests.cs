using Microsoft.Extensions.Options;
using MimeKit;
using TenantSessions.Application.Email;
using TenantSessions.Infrastructure.Email;

namespace TenantSessions.UnitTests;

public sealed class PickupDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tenantsessions-mail-{Guid.NewGuid():N}");

    [Fact]
    public async Task WithoutAnSmtpHostAMessageIsWrittenOnceAsAnEmlFileWithTextAndHtmlParts()
    {
        var transport = new PickupDirectoryEmailTransport(Options.Create(new EmailOptions()), new PickupDirectory(_directory));
        var message = AccountEmails.PasswordReset(Guid.NewGuid(), "Acme Corp", "bob@acme.test", "http://acme.localhost/reset?token=x", DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1));

        await transport.SendAsync(message, CancellationToken.None);
        await transport.SendAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_directory, "*.eml"));
        var mime = await MimeMessage.LoadAsync(file);
        Assert.Equal("[Acme Corp] Reset your password", mime.Subject);
        Assert.Equal($"{message.Id:N}@tenantsessions", mime.MessageId);
        Assert.Equal(["text/plain", "text/html"], Assert.IsType<MultipartAlternative>(mime.Body).Select(p => p.ContentType.MimeType).ToArray());
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task AMessageWhoseAddressCannotBeParsedIsUndeliverableAndLeavesNoFile()
    {
        var transport = new PickupDirectoryEmailTransport(Options.Create(new EmailOptions()), new PickupDirectory(_directory));
        var message = AccountEmails.PasswordReset(Guid.NewGuid(), "Acme Corp", "bob@", "http://acme.localhost/reset?token=x", DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<UndeliverableEmailException>(() => transport.SendAsync(message, CancellationToken.None));

        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any(), "no .eml and no .eml.tmp");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
