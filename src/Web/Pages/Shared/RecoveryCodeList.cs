namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// Recovery codes shown once (<c>_RecoveryCodes</c>): copy and print with JavaScript, download as a text file from the
/// page's <c>DownloadCodes</c> handler when the page sealed them (<see cref="Sheet"/>), with or without JavaScript.
/// </summary>
public sealed record RecoveryCodeList(IReadOnlyList<string> Codes, string? Sheet, int HeadingLevel = 3);

/// <summary>A set-up shown by <c>_TwoFactorSetup</c>; its "Recovery codes" heading sits one level under the page's.</summary>
public sealed record TwoFactorSetupView(TenantSessions.Application.SecondFactors.TwoFactorSetup Setup, string? Sheet, int HeadingLevel);
