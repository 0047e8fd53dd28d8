using TenantSessions.Application.Auth.Throttling;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Commands.LiftMemberLockout;

/// <summary>
/// A member who cannot sign in for now because of failed attempts: wrong passwords past the sign-in throttle's free
/// ones (ADR-011, from one address or from every address together) or wrong second-factor codes (ADR-013).
/// </summary>
/// <param name="Until">When sign-in is possible again if nothing else fails.</param>
/// <param name="WrongPasswords">Wrong passwords for this account in the throttle's window, every address together.</param>
/// <param name="WrongCodes">Locked by wrong second-factor codes (a short lockout on the account row).</param>
public sealed record MemberLockout(DateTimeOffset Until, int WrongPasswords, bool WrongCodes)
{
    /// <summary>The member's lockout now, or null when they can try to sign in; a ban is its own state, never a lockout.</summary>
    public static MemberLockout? Of(SignInThrottle throttle, DateTimeOffset now, Guid? tenantId, string? email, DateTimeOffset? lockoutEnd)
    {
        if (Bans.IsBanned(lockoutEnd))
        {
            return null;
        }

        var state = string.IsNullOrEmpty(email) ? default : throttle.Inspect(SignInThrottle.SignInScope(tenantId), email);
        var codes = lockoutEnd is { } end && end > now;
        if (!state.IsWaiting && !codes)
        {
            return null;
        }

        var until = now + state.Wait;
        if (codes && lockoutEnd!.Value > until)
        {
            until = lockoutEnd.Value;
        }

        return new MemberLockout(until, state.WrongPasswords, codes);
    }
}
