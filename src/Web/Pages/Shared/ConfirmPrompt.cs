using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// A destructive action asked first, naming what it will do ("Ends 3 sessions, including this one."). The same prompt
/// serves both ways of asking: without JavaScript the page answers the first post with a confirmation card whose form
/// sends <c>confirmed=true</c> with <see cref="Fields"/>; with JavaScript <c>wwwroot/js/confirm.js</c> opens a native
/// <c>&lt;dialog&gt;</c> from the form's <c>data-confirm-*</c> attributes (<see cref="ConfirmTagHelper"/>) and adds
/// <c>confirmed=true</c> itself. <see cref="QuoteField"/> names a field of the form whose value the prompt repeats
/// (the suspension reason its people will read).
/// </summary>
public sealed record ConfirmPrompt(
    string Handler,
    string Title,
    string Impact,
    string Button,
    IReadOnlyDictionary<string, string> Fields,
    IDictionary<string, string> Route,
    string? QuoteField = null,
    string? QuoteLabel = null)
{
    public const string ConfirmedField = "confirmed";

    /// <summary>The quoted field's value when the prompt is answered on the server (no JavaScript).</summary>
    public string? Quote => QuoteField is not null && Fields.TryGetValue(QuoteField, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    public static string Sessions(int count) => count switch
    {
        0 => "no live session",
        1 => "1 session",
        _ => $"{count} sessions",
    };

    /// <summary>"Sign out everywhere" on the security page: every live session of the person, this one included.</summary>
    public static ConfirmPrompt SignOutEverywhere(int sessions) => new(
        "SignOutEverywhere",
        "Sign out everywhere?",
        sessions <= 1
            ? "Ends 1 session: this one. You'll sign in again here."
            : $"Ends {Sessions(sessions)}, including this one. You'll sign in again on every device.",
        "Sign out everywhere",
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    /// <summary>"End all sessions" of one member on the admin member page.</summary>
    public static ConfirmPrompt EndMemberSessions(string member, int sessions, bool includesThisOne, IDictionary<string, string> route) => new(
        "RevokeAll",
        $"End all sessions of {member}?",
        includesThisOne
            ? $"Ends {Sessions(sessions)}, including this one. You'll sign in again."
            : $"Ends {Sessions(sessions)} of {member}. They'll be told an administrator ended them.",
        "End all sessions",
        new Dictionary<string, string>(),
        route);

    /// <summary>"Ban" on the admin member page.</summary>
    public static ConfirmPrompt Ban(string member, int sessions, IDictionary<string, string> route) => new(
        "Ban",
        $"Ban {member}?",
        sessions == 0
            ? $"{member} can't sign in to this workspace until you lift the ban. No session is live."
            : $"Ends {Sessions(sessions)} of {member} at once, and refuses their sign-in until you lift the ban.",
        "Ban from this workspace",
        new Dictionary<string, string>(),
        route);

    /// <summary>"Suspend" on the platform tenants page; the reason is quoted because the workspace's people will read it.</summary>
    public static ConfirmPrompt Suspend(Guid tenantId, string tenant, int sessions, int members, string? reason) => new(
        "Suspend",
        $"Suspend {tenant}?",
        $"Ends {Sessions(sessions)} in {tenant} at once, and refuses sign-in to its {(members == 1 ? "1 member" : $"{members} members")} until you reactivate it.",
        "Suspend",
        new Dictionary<string, string> { ["tenantId"] = tenantId.ToString(), ["reason"] = reason ?? "" },
        new Dictionary<string, string>(),
        QuoteField: "reason",
        QuoteLabel: "Its people will read");

    /// <summary>The tenant-wide "End all sessions" on the platform tenants page.</summary>
    public static ConfirmPrompt EndTenantSessions(Guid tenantId, string tenant, int sessions) => new(
        "RevokeSessions",
        $"End all sessions of {tenant}?",
        $"Ends {Sessions(sessions)} in {tenant}. Its people can sign in again at once.",
        "End all sessions",
        new Dictionary<string, string> { ["tenantId"] = tenantId.ToString() },
        new Dictionary<string, string>());

    /// <summary>"Make new recovery codes" on the two-factor page: the codes left die at once.</summary>
    public static ConfirmPrompt RegenerateRecoveryCodes(int left) => new(
        "Regenerate",
        "Make new recovery codes?",
        left switch
        {
            0 => "You get 10 new recovery codes. You have none left now.",
            1 => "Your 1 recovery code left stops working at once, and you get 10 new ones.",
            _ => $"Your {left} recovery codes left stop working at once, and you get 10 new ones.",
        },
        "Make new recovery codes",
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    /// <summary>"Sign out" beside one of the person's own devices on the security page.</summary>
    public static ConfirmPrompt SignOutDevice(SessionSummary session) => new(
        "Revoke",
        $"Sign out {session.DeviceLabel}?",
        $"Ends the session on {Device(session)}. That device will have to sign in again.",
        "Sign out this device",
        new Dictionary<string, string> { ["sessionId"] = session.Id.ToString() },
        new Dictionary<string, string>());

    /// <summary>"Sign out all other devices" on the security page: every live session but this one, named.</summary>
    public static ConfirmPrompt SignOutOtherDevices(IReadOnlyList<SessionSummary> others) => new(
        "RevokeOthers",
        "Sign out all other devices?",
        others.Count == 0
            ? "No other device is signed in. This one stays signed in."
            : $"Ends {Sessions(others.Count)}: {Devices(others)}. This device stays signed in.",
        "Sign out other devices",
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    /// <summary>"End session" beside one session of someone else (a member on the admin page, anyone on the platform page).</summary>
    public static ConfirmPrompt EndSessionOf(string person, SessionSummary session, IDictionary<string, string> route) => new(
        "Revoke",
        $"End this session of {person}?",
        $"Ends {person}'s session on {Device(session)}. They'll be told an administrator ended it.",
        "End this session",
        new Dictionary<string, string> { ["sessionId"] = session.Id.ToString() },
        route);

    /// <summary>"End all sessions" of one person on the platform user page.</summary>
    public static ConfirmPrompt EndUserSessions(string person, int sessions, IDictionary<string, string> route) => new(
        "RevokeAll",
        $"End all sessions of {person}?",
        $"Ends {Sessions(sessions)} of {person}. They'll be told an administrator ended them.",
        "End all sessions",
        new Dictionary<string, string>(),
        route);

    /// <summary>"Remove" beside a passkey.</summary>
    public static ConfirmPrompt RemovePasskey(string id, string name) => new(
        "Remove",
        $"Remove the passkey \u201c{name}\u201d?",
        $"You won't be able to sign in with \u201c{name}\u201d any more. Your password and your other passkeys keep working.",
        "Remove passkey",
        new Dictionary<string, string> { ["id"] = id },
        new Dictionary<string, string>());

    /// <summary>The end button of a session's own page: the viewer's own session (<paramref name="person"/> null) or someone else's.</summary>
    public static ConfirmPrompt EndFromDetail(string? person, string device, string? ip, bool isCurrent, IDictionary<string, string> route)
    {
        var where = ip is null ? device : $"{device} ({ip})";
        return person is null
            ? new("End",
                isCurrent ? "Sign out this device?" : $"Sign out {device}?",
                isCurrent ? "Ends this session. You'll sign in again here." : $"Ends the session on {where}. That device will have to sign in again.",
                isCurrent ? "Sign out this device" : "Sign out that device",
                new Dictionary<string, string>(), route)
            : new("End",
                $"End this session of {person}?",
                isCurrent ? "Ends your own session here. You'll sign in again." : $"Ends {person}'s session on {where}. They'll be told an administrator ended it.",
                "End this session",
                new Dictionary<string, string>(), route);
    }

    /// <summary>"Safari on iPhone (203.0.113.9)".</summary>
    public static string Device(SessionSummary session) =>
        session.IpAddress is { } ip ? $"{session.DeviceLabel} ({ip})" : session.DeviceLabel;

    /// <summary>"Safari on iPhone and Firefox on Windows", "A, B and 3 more".</summary>
    public static string Devices(IReadOnlyList<SessionSummary> sessions)
    {
        var names = sessions.Select(Device).ToList();
        return names.Count switch
        {
            0 => "no device",
            1 => names[0],
            <= 4 => string.Join(", ", names[..^1]) + " and " + names[^1],
            _ => string.Join(", ", names[..3]) + $" and {names.Count - 3} more",
        };
    }
}
