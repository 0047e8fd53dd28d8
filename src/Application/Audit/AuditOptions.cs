namespace TenantSessions.Application.Audit;

/// <summary>How long audit events are kept (<c>Audit:*</c>): the platform default and the most a workspace may choose.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    public TimeSpan MaxRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>The shortest retention a workspace may choose.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(1);

    public TimeSpan RetentionFor(TimeSpan? workspace) => workspace ?? Retention;
}
