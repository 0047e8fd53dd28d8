using Microsoft.AspNetCore.Http;
using TenantSessions.Application.Audit;

namespace TenantSessions.Infrastructure.Http;

/// <summary>The connection's remote address, which the forwarded-headers middleware has set from a trusted proxy.</summary>
internal sealed class HttpRequestAddress(IHttpContextAccessor accessor) : IRequestAddress
{
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
