namespace TenantSessions.Infrastructure.SessionEngine.Authentication;

/// <summary>What the session handler established for this request: the valid session, or why a presented one was refused.</summary>
public sealed class SessionFeature
{
    public SessionPayload? Payload { get; init; }

    public string? FailureCode { get; init; }

    public string? RevokeReason { get; init; }

    /// <summary>The id of the refused session (its public handle, never the token), for the sign-in page's notice.</summary>
    public Guid? RefusedSessionId { get; init; }
}
