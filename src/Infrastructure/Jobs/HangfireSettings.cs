using Microsoft.Extensions.Configuration;

namespace TenantSessions.Infrastructure.Jobs;

/// <summary><c>Hangfire:*</c>. Job storage follows <c>Database:Provider</c>; only whether this node runs a server (and how many workers) is set here.</summary>
public sealed class HangfireSettings
{
    public const string SectionName = "Hangfire";

    /// <summary>False: this node schedules and shows jobs but never runs them (tests that want determinism, web-only nodes).</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 2;

    public string SchemaName { get; set; } = "hangfire";

    public static HangfireSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<HangfireSettings>() ?? new HangfireSettings();
}
