using TenantSessions.Domain.Tenants;

namespace TenantSessions.Web.Tenancy;

/// <summary>The host strategy: <c>{slug}.{BaseDomain}</c> is a tenant, <c>{BaseDomain}</c> the platform, anything else is refused.</summary>
public readonly record struct TenantHost(TenantHostKind Kind, string? Slug)
{
    public static TenantHost Parse(string host, string baseDomain)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        baseDomain = baseDomain.ToLowerInvariant();
        if (host == baseDomain)
        {
            return new TenantHost(TenantHostKind.Platform, null);
        }

        if (host.Length > baseDomain.Length + 1 && host.EndsWith("." + baseDomain, StringComparison.Ordinal))
        {
            var label = host[..^(baseDomain.Length + 1)];
            if (TenantSlug.IsValid(label))
            {
                return new TenantHost(TenantHostKind.Tenant, label);
            }
        }

        return new TenantHost(TenantHostKind.Foreign, null);
    }
}

public enum TenantHostKind
{
    Foreign,
    Platform,
    Tenant,
}
