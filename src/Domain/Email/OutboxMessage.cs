namespace TenantSessions.Domain.Email;

/// <summary>
/// One e-mail waiting to be sent (or sent). Written in the same transaction as the change that caused it; the outbox
/// job claims due rows, sends them and marks them sent, or dead (<see cref="DeadAt"/>) when it can never be sent or ran
/// out of attempts. Rows are kept as the record of what was sent.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(Guid id, Guid? tenantId, string kind, string to, string subject, string textBody, string htmlBody, DateTimeOffset createdAt)
    {
        Id = id;
        TenantId = tenantId;
        Kind = kind;
        To = to;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid? TenantId { get; private set; }

    /// <summary>What the message is about (<see cref="EmailKinds"/>); never its content.</summary>
    public string Kind { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The delivery run that holds this row; another run may take it over only after <see cref="ClaimedUntil"/>.</summary>
    public Guid? ClaimId { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>When the outbox gave the message up (undeliverable, or its attempts used up); <see cref="LastError"/> says why.</summary>
    public DateTimeOffset? DeadAt { get; private set; }
}
