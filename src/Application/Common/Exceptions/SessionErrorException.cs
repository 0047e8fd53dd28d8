namespace TenantSessions.Application.Common.Exceptions;

/// <summary>A failure with a stable machine-readable code (<see cref="ErrorCodes"/>) and the HTTP status it maps to.</summary>
public sealed class SessionErrorException(string code, string message, int statusCode) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>Sent as <c>Retry-After</c> (a throttled attempt).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
