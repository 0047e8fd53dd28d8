namespace TenantSessions.Application.Audit;

/// <summary>The client address of the request being served (after the trusted-proxy rules); null in a background job.</summary>
public interface IRequestAddress
{
    string? IpAddress { get; }
}
