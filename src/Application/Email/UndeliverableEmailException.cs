namespace TenantSessions.Application.Email;

/// <summary>
/// Thrown by an <see cref="IEmailTransport"/> for a message that can never be sent as it is (its recipient address does
/// not parse, for one): the outbox marks it dead at once instead of retrying it.
/// </summary>
public sealed class UndeliverableEmailException(string message, Exception? innerException = null) : Exception(message, innerException);
