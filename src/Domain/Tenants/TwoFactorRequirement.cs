namespace TenantSessions.Domain.Tenants;

/// <summary>Who in a workspace must use a second factor. Set by the tenant admin.</summary>
public enum TwoFactorRequirement
{
    Optional = 0,
    Admins = 1,
    Everyone = 2,
}
