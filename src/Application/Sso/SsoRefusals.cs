using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Application.Sso;

/// <summary>
/// Why a sign-in through an IdP was refused: a stable code (the refusal page's <c>?error=</c>, the API's <c>code</c>)
/// and the sentence people read. The page shows only the text of a known code, so the URL cannot put words on it.
/// </summary>
public static class SsoRefusals
{
    public const string UnknownConnection = "SSO_UNKNOWN_CONNECTION";
    public const string NoEmail = "SSO_NO_EMAIL";
    public const string DomainNotServed = "SSO_DOMAIN_NOT_SERVED";
    public const string DomainNotVerified = "SSO_DOMAIN_NOT_VERIFIED";
    public const string EmailNotVerified = "SSO_EMAIL_NOT_VERIFIED";
    public const string AccountDisabled = "SSO_ACCOUNT_DISABLED";
    public const string WorkspaceSuspended = "SSO_WORKSPACE_SUSPENDED";
    public const string Failed = "SSO_FAILED";
    public const string StepUpNotFresh = "SSO_STEP_UP_NOT_FRESH";
    public const string StepUpOtherAccount = "SSO_STEP_UP_OTHER_ACCOUNT";

    public static readonly IReadOnlyDictionary<string, string> Messages = new Dictionary<string, string>
    {
        [UnknownConnection] = "This workspace has no single sign-on connection for that address or name.",
        [NoEmail] = "Your identity provider did not send an e-mail address, so this workspace cannot tell who you are.",
        [DomainNotServed] = "Your e-mail address is not at a domain this identity provider signs in for this workspace.",
        [DomainNotVerified] = "This workspace has not verified its e-mail domain yet, so your identity provider cannot add or link accounts. Ask an administrator of the workspace.",
        [EmailNotVerified] = "Your identity provider has not verified your e-mail address, so it cannot be linked to an account in this workspace.",
        [AccountDisabled] = "An administrator of this workspace has banned your account.",
        [WorkspaceSuspended] = "This workspace is suspended.",
        [StepUpNotFresh] = "Your identity provider did not ask you to sign in again: it answered with an earlier sign-in, so it cannot confirm it's you now. Nothing changed. Try again; if it keeps happening, ask an administrator of the workspace about the identity provider's settings.",
        [StepUpOtherAccount] = "Your identity provider confirmed someone other than the person signed in here (or this device has signed out meanwhile). Nothing changed. Sign in at your identity provider as yourself and try again.",
        [Failed] = "Signing in through your identity provider did not complete: its answer could not be accepted (it may have expired, been used already, or come from another workspace). Start again from the sign-in page.",
    };

    public static string MessageFor(string? code) => code is not null && Messages.TryGetValue(code, out var message) ? message : Messages[Failed];

    public static RefusalException Refuse(string code) => new(code, Messages[code]);
}
