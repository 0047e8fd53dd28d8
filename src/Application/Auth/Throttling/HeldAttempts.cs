namespace TenantSessions.Application.Auth.Throttling;

/// <summary>
/// Keeps the sign-in throttle's turns taken in this scope (one request) until the scope ends — after the unit of work
/// has committed the new session — so the next attempt of the same address and account sees this one's effects (the
/// device cap included), not just its password check.
/// </summary>
public sealed class HeldAttempts : IDisposable
{
    private readonly List<SignInThrottle.Attempt> _attempts = [];

    public SignInThrottle.Attempt Hold(SignInThrottle.Attempt attempt)
    {
        _attempts.Add(attempt);
        return attempt;
    }

    public void Dispose()
    {
        foreach (var attempt in _attempts)
        {
            attempt.Dispose();
        }

        _attempts.Clear();
    }
}
