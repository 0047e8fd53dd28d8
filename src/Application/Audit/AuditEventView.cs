namespace TenantSessions.Application.Audit;

/// <summary>
/// One audit event as the log, its API and its exports show it: the people by id, name and e-mail when they belong
/// to the scope being read (a workspace's log never names a platform superadmin: the actor is then only "the
/// platform"), the session by id, never a token.
/// </summary>
public sealed record AuditEventView
{
    public required Guid Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Action { get; init; }

    public Guid? TenantId { get; init; }

    public string? TenantSlug { get; init; }

    public Guid? ActorUserId { get; init; }

    public string? ActorName { get; init; }

    public string? ActorEmail { get; init; }

    public Guid? TargetUserId { get; init; }

    public string? TargetName { get; init; }

    public string? TargetEmail { get; init; }

    public Guid? SessionId { get; init; }

    public string? Detail { get; init; }

    public string? IpAddress { get; init; }

    public string? CountryCode { get; init; }
}

/// <summary>What the log is narrowed to; every value is optional. <see cref="From"/> is inclusive, <see cref="To"/> exclusive.</summary>
/// <param name="TenantId">Only on the platform host: one workspace's events.</param>
public sealed record AuditEventFilter(
    Guid? ActorUserId = null,
    Guid? TargetUserId = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? IpAddress = null,
    string? CountryCode = null,
    Guid? TenantId = null);

/// <summary>A page of the log, newest first; <see cref="NextCursor"/> reads the next (older) page, null at the end.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEventView> Events, string? NextCursor);

/// <summary>A time range of the log, oldest first, read from the database as it is written out (never all in memory).</summary>
public sealed record AuditExport(IAsyncEnumerable<AuditEventView> Events);
