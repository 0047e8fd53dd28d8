using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Models;

namespace TenantSessions.Application.Auth;

public static class TenantErrors
{
    public static RefusalException Suspended(TenantInfo tenant) =>
        new(ErrorCodes.TenantSuspended, SuspendedMessage(tenant));

    public static string SuspendedMessage(TenantInfo tenant) =>
        string.IsNullOrWhiteSpace(tenant.SuspensionReason)
            ? $"{tenant.Name} is suspended."
            : $"{tenant.Name} is suspended: {tenant.SuspensionReason}";
}
