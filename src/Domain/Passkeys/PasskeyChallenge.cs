namespace TenantSessions.Domain.Passkeys;

/// <summary>
/// A WebAuthn challenge the server has handed out and not yet seen answered. The sealed <c>ts_passkey</c> state names
/// it; the ceremony that checks the browser's answer deletes it in the command's transaction, so one challenge yields
/// at most one registration, sign-in or step-up, on any node, whatever the authenticator's sign counter says.
/// </summary>
public sealed class PasskeyChallenge
{
    private PasskeyChallenge()
    {
    }

    public PasskeyChallenge(Guid id, Guid? tenantId, DateTimeOffset expiresAt)
    {
        Id = id;
        TenantId = tenantId;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid? TenantId { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
}
