namespace TenantSessions.Web.Tenancy;

public sealed class TenancyOptions
{
    public const string SectionName = "Tenancy";

    /// <summary>The platform host; tenants live on <c>{slug}.{BaseDomain}</c>.</summary>
    public string BaseDomain { get; set; } = "localhost";
}
