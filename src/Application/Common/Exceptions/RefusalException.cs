namespace TenantSessions.Application.Common.Exceptions;

/// <summary>
/// A refusal with a stable machine-readable code (<see cref="ErrorCodes"/>) and a message for people: a session that is
/// not valid, a wrong password, a passkey refused, an invitation already used, a throttled attempt. Which HTTP status it
/// becomes is the web layer's business (<c>ErrorStatus</c> in Web). (Named for what it is: it was
/// <c>SessionErrorException</c> while most of its kinds had nothing to do with sessions.)
/// </summary>
public sealed class RefusalException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Sent as <c>Retry-After</c> (a throttled attempt).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
