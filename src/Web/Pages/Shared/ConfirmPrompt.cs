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
}
