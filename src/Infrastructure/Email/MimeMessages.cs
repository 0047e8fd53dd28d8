using MimeKit;
using TenantSessions.Application.Email;
using TenantSessions.Domain.Email;

namespace TenantSessions.Infrastructure.Email;

internal static class MimeMessages
{
    /// <summary>
    /// A multipart/alternative message (plain text, then HTML) whose Message-Id is the outbox row's id. A recipient
    /// address MimeKit cannot parse makes the message <see cref="UndeliverableEmailException">undeliverable</see>.
    /// </summary>
    public static MimeMessage From(OutboxMessage message, string from)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = message.CreatedAt,
            MessageId = $"{message.Id:N}@tenantsessions",
        };
        mime.From.Add(MailboxAddress.Parse(from));
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new UndeliverableEmailException("The recipient address cannot be parsed.");
        }

        mime.To.Add(to);
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}
