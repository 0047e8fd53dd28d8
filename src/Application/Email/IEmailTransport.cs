using TenantSessions.Domain.Email;

namespace TenantSessions.Application.Email;

/// <summary>Hands one message to the mail system (SMTP or the pickup directory). Throws when it could not.</summary>
public interface IEmailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
