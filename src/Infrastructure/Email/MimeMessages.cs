using MimeKit;
using TenantSessions.Domain.Email;

namespace TenantSessions.Infrastructure.Email;

internal static class MimeMessages
{
    /// <summary>A multipart/alternative message (plain text, then HTML) whose Message-Id is the outbox row's id.</summary>
    public static MimeMessage From(OutboxMessage message, string from)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = message.CreatedAt,
            MessageId = $"{message.Id:N}@tenantsessions",
        };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}
