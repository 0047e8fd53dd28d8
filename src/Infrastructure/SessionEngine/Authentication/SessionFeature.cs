using TenantSessions.Application.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>What the session handler established for this request: the valid session, or why a presented one was refused.</summary>
public sealed class SessionFeature
{
    public SessionPayload? Payload { get; init; }

    public string? FailureCode { get; init; }

    public string? RevokeReason { get; init; }
}
