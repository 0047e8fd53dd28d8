using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;

namespace TenantSessions.Infrastructure.SessionEngine.Tenancy;

/// <summary>
/// The scoped holder behind <see cref="ICurrentTenant"/>. The tenancy middleware sets it from the host; a scope
/// nobody set (a background job) is the platform scope, and platform code must say which tenant it touches.
/// </summary>
public sealed class TenantContext : ICurrentTenant
{
    public TenantInfo? Tenant { get; private set; }

    public bool IsPlatformHost => Tenant is null;

    public void Set(TenantInfo? tenant) => Tenant = tenant;
}
