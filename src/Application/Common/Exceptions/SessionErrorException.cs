namespace TenantSessions.Application.Common.Exceptions;

/// <summary>
/// A refusal with a stable machine-readable code (<see cref="ErrorCodes"/>) and a message for people. Which HTTP status
/// it becomes is the web layer's business (<c>ErrorStatus</c> in Web).
/// </summary>
public sealed class SessionErrorException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Sent as <c>Retry-After</c> (a throttled attempt).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
