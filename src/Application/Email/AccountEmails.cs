using System.Net;
using TenantSessions.Domain.Email;

namespace TenantSessions.Application.Email;

/// <summary>
/// The texts of every account e-mail, each with a plain-text and an HTML part and the workspace's name in the subject.
/// A link carries at most the one secret it exists for; notices carry none.
/// </summary>
public static class AccountEmails
{
    public static OutboxMessage PasswordReset(Guid? tenantId, string workspace, string to, string link, DateTimeOffset now, TimeSpan validFor) => Compose(
        tenantId, EmailKinds.PasswordReset, to, now, $"[{workspace}] Reset your password",
        $"Someone (hopefully you) asked to reset the password of your {workspace} account.",
        $"This link works once and for {Describe(validFor)}. If you did not ask for it, ignore this e-mail: your password stays as it is.",
        ("Set a new password", link));

    public static OutboxMessage PasswordResetNoAccount(Guid? tenantId, string workspace, string to, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.PasswordResetNoAccount, to, now, $"[{workspace}] Reset your password",
        $"Someone (hopefully you) asked to reset the password of an account in {workspace} with this e-mail address, but {workspace} has no account with it.",
        "If you did not ask for it, ignore this e-mail. If you use another address for this workspace, ask again with that one.",
        null);

    public static OutboxMessage Invitation(Guid? tenantId, string workspace, string to, string invitedBy, string role, string link, DateTimeOffset now, TimeSpan validFor) => Compose(
        tenantId, EmailKinds.Invitation, to, now, $"[{workspace}] You are invited to join {workspace}",
        $"{invitedBy} invited you to join {workspace} as {role}.",
        $"Open the link to choose your name and password. It works once and for {Describe(validFor)}.",
        ("Accept the invitation", link));

    public static OutboxMessage EmailVerification(Guid? tenantId, string workspace, string to, string link, DateTimeOffset now, TimeSpan validFor) => Compose(
        tenantId, EmailKinds.EmailVerification, to, now, $"[{workspace}] Confirm your e-mail address",
        $"Confirm this address to finish creating your {workspace} account.",
        $"The link works once and for {Describe(validFor)}. If you did not sign up, ignore this e-mail.",
        ("Confirm my address", link));

    public static OutboxMessage WorkspaceStart(string workspace, string address, string to, string link, DateTimeOffset now, TimeSpan validFor) => Compose(
        null, EmailKinds.WorkspaceStart, to, now, $"[{workspace}] Confirm your e-mail address to create {workspace}",
        $"Confirm this address to create the workspace {workspace} at {address}, with you as its first administrator.",
        $"Nothing is created until you confirm. The link works once and for {Describe(validFor)}. If you did not ask for this, ignore this e-mail.",
        ("Confirm and create the workspace", link));

    public static OutboxMessage SignUpExistingAccount(Guid? tenantId, string workspace, string to, string signInLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.SignUpExistingAccount, to, now, $"[{workspace}] Someone tried to sign up with your address",
        $"Someone (hopefully you) tried to create an account in {workspace} with this e-mail address, but you already have one.",
        "Sign in instead, or reset your password from the sign-in page if you forgot it. If it was not you, nothing has changed.",
        ("Sign in", signInLink));

    public static OutboxMessage NewSignIn(
        Guid? tenantId, string workspace, string to, string device, string? place, string? ipAddress, bool newCountry, DateTimeOffset at, string securityLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.NewSignIn, to, now, $"[{workspace}] New sign-in to your account",
        $"Your {workspace} account was signed in to from a new {(newCountry ? "country" : "device")}: {device}{(place is null ? "" : $", {place}")}"
        + $"{(string.IsNullOrEmpty(ipAddress) ? "" : $" (address {ipAddress})")}, on {at.UtcDateTime.ToString("d MMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC.",
        "If this was you, there is nothing to do. If not, change your password and end that session on your security page. You can turn these notices off there too.",
        ("Review your sessions", securityLink));

    public static OutboxMessage EmailChange(Guid? tenantId, string workspace, string to, string link, DateTimeOffset now, TimeSpan validFor) => Compose(
        tenantId, EmailKinds.EmailChange, to, now, $"[{workspace}] Confirm your new e-mail address",
        $"Someone (hopefully you) asked to use this address for their {workspace} account.",
        $"Open the link to confirm it. It works once and for {Describe(validFor)}. If you did not ask for it, ignore this e-mail: nothing changes.",
        ("Confirm this address", link));

    public static OutboxMessage EmailChangeTaken(Guid? tenantId, string workspace, string to, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.EmailChangeTaken, to, now, $"[{workspace}] Someone tried to move an account to your address",
        $"Someone signed in to another {workspace} account asked to use this address, but your account already uses it. Nothing has changed.",
        "If you do not know why, you can ignore this e-mail, or tell your workspace's administrator.",
        null);

    public static OutboxMessage EmailChanged(Guid? tenantId, string workspace, string to, string newAddress, string undoLink, DateTimeOffset now, TimeSpan validFor) => Compose(
        tenantId, EmailKinds.EmailChanged, to, now, $"[{workspace}] Your e-mail address was changed",
        $"The e-mail address of your {workspace} account was changed from this address to {newAddress}. From now on, sign-in links and notices go there.",
        $"If this was not you, open the link: it puts this address back and ends every session of the account. It works once and for {Describe(validFor)}.",
        ("This wasn't me: undo the change", undoLink));

    public static OutboxMessage TokenReplayed(
        Guid? tenantId, string workspace, string to, string device, string? ipAddress, DateTimeOffset rotatedAt, string securityLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.TokenReplayed, to, now, $"[{workspace}] We ended a session that someone else may have copied",
        $"Your {workspace} session on {device} confirmed its sign-in on {rotatedAt.UtcDateTime.ToString("d MMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC, "
        + $"which replaced its cookie. Afterwards the old cookie was used again{(string.IsNullOrEmpty(ipAddress) ? "" : $" (from address {ipAddress})")}: "
        + "that usually means it was copied from your device. We ended that session; sign in again on it.",
        "Review your other sessions, change your password, and check the device for software you do not know. Your workspace's administrators can see this in their audit log.",
        ("Review your sessions", securityLink));

    public static OutboxMessage SessionsEnded(Guid? tenantId, string workspace, string to, string byWhom, int count, string securityLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.SessionsEnded, to, now, $"[{workspace}] {byWhom} signed you out",
        count == 1
            ? $"{byWhom} ended one of your {workspace} sessions. The device concerned must sign in again."
            : $"{byWhom} ended {count} of your {workspace} sessions. The devices concerned must sign in again.",
        "If you do not know why, ask your workspace's administrator.",
        ("Review your sessions", securityLink));

    public static OutboxMessage PasswordChanged(Guid? tenantId, string workspace, string to, bool byReset, string signInLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.PasswordChanged, to, now, $"[{workspace}] Your password was {(byReset ? "reset" : "changed")}",
        byReset
            ? $"The password of your {workspace} account was reset with a link sent to this address, and every session of the account was ended."
            : $"The password of your {workspace} account was changed.",
        "If this was not you, reset your password at once from the sign-in page and tell your workspace's administrator.",
        ("Sign in", signInLink));

    public static OutboxMessage AccountBanned(Guid? tenantId, string workspace, string to, string? reason, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.AccountBanned, to, now, $"[{workspace}] You were banned from {workspace}",
        $"An administrator of {workspace} banned your account{(string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}")}. Every session of the account was ended.",
        "If you think this is a mistake, contact your workspace's administrator.",
        null);

    public static OutboxMessage Impersonated(Guid? tenantId, string workspace, string to, string byWhom, string reason, string securityLink, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.Impersonated, to, now, $"[{workspace}] An administrator is viewing your account",
        $"{byWhom} started acting as you in {workspace}, for at most an hour: {reason}",
        "Your own sessions are untouched and they cannot change your password, e-mail or second factors. Your session history shows when they stopped.",
        ("Review your sessions", securityLink));

    public static OutboxMessage AccountDeleted(Guid? tenantId, string workspace, string to, bool byAdministrator, DateTimeOffset now) => Compose(
        tenantId, EmailKinds.AccountDeleted, to, now, $"[{workspace}] Your account was deleted",
        byAdministrator
            ? $"An administrator of {workspace} deleted your account. Every session of the account was ended and your personal data was erased."
            : $"Your {workspace} account was deleted as you asked. Every session of the account was ended and your personal data was erased.",
        "If this was not you, contact your workspace's administrator.",
        null);

    private static OutboxMessage Compose(Guid? tenantId, string kind, string to, DateTimeOffset now, string subject, string lead, string tail, (string Label, string Url)? action)
    {
        var text = action is { } a ? $"{lead}\n\n{a.Label}: {a.Url}\n\n{tail}\n" : $"{lead}\n\n{tail}\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>{WebUtility.HtmlEncode(lead)}</p>
            {(action is { } b ? $"<p><a href=\"{WebUtility.HtmlEncode(b.Url)}\">{WebUtility.HtmlEncode(b.Label)}</a></p>" : "")}
            <p>{WebUtility.HtmlEncode(tail)}</p>
            </body></html>
            """;
        return new OutboxMessage(Guid.CreateVersion7(now), tenantId, kind, to, subject, text, html, now);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0} day{(span.TotalDays >= 2 ? "s" : "")}" : $"{span.TotalHours:0} hour{(span.TotalHours >= 2 ? "s" : "")}";
}
