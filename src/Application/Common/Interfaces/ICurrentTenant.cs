using TenantSessions.Application.Common.Models;

namespace TenantSessions.Application.Common.Interfaces;

/// <summary>
/// The tenant this request belongs to, resolved from the host before authentication.
/// On the platform host <see cref="Tenant"/> is null and <see cref="IsPlatformHost"/> is true.
/// </summary>
public interface ICurrentTenant
{
    TenantInfo? Tenant { get; }

    bool IsPlatformHost { get; }

    Guid? Id => Tenant?.Id;
}
