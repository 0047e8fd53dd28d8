using System.Text.Json.Serialization;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Domain.SecondFactors;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// Better Auth's answer when the password was right but a second factor must follow: no session yet.
/// <c>twoFactorSetup</c> (ours) says the workspace requires enrolment first.
/// </summary>
public sealed record TwoFactorRedirectResponse(
    bool TwoFactorRedirect,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TwoFactorSetup)
{
    public static TwoFactorRedirectResponse For(StartedPendingSignIn pending) =>
        new(true, pending.Purpose == PendingSignInPurpose.Enrol ? true : null);
}

public sealed record TwoFactorPasswordRequest(string? Password);

public sealed record TwoFactorCodeRequest(string? Code, bool? TrustDevice);

public sealed record TwoFactorEnableResponse(string TotpURI, IReadOnlyList<string> BackupCodes);

public sealed record BackupCodesResponse(bool Status, IReadOnlyList<string> BackupCodes, int OtherSessions);

/// <summary>
/// The answer to a change of a sign-in factor (ASVS 5.0 7.4.3): done, and how many other sessions are still signed in,
/// which <c>POST /api/auth/revoke-other-sessions</c> ends in one call.
/// </summary>
public sealed record FactorChangedResponse(bool Status, int OtherSessions);

public sealed record TwoFactorStatusResponse(bool Enabled, int RecoveryCodesLeft, bool Required);

public sealed record ResetTwoFactorRequest(string? UserId);

public sealed record TwoFactorRequirementRequest(string? Requirement);

public sealed record TwoFactorRequirementResponse(string Requirement);
