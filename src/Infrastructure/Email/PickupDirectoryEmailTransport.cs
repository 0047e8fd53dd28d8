using Microsoft.Extensions.Options;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Email;

namespace TenantSessions.Infrastructure.Email;

/// <summary>
/// Writes each message as <c>{id}.eml</c> in the pickup directory (the embedded default: no mail server needed). The
/// file is written under a temporary name and renamed, so a reader never sees half a message and a retry of the same
/// message replaces its file instead of adding a second one. The message is built before any file is made, and a failed
/// write deletes its temporary file.
/// </summary>
internal sealed class PickupDirectoryEmailTransport(IOptions<EmailOptions> options, PickupDirectory directory) : IEmailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var mime = MimeMessages.From(message, options.Value.From);
        Directory.CreateDirectory(directory.Path);
        var final = Path.Combine(directory.Path, $"{message.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{message.Id:N}.eml");
        var temporary = final + ".tmp";
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await mime.WriteToAsync(stream, cancellationToken);
            }

            File.Move(temporary, final, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

/// <summary>The absolute pickup directory (<c>Email:PickupDirectory</c> under the content root).</summary>
public sealed record PickupDirectory(string Path);
